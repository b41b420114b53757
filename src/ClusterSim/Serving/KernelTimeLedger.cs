using ClusterSim.Analysis;

namespace ClusterSim.Serving;

/// <summary>
/// Where one step's kernel time came from: measured table rows, interpolation between rows, the GEMM tile model, or
/// the plain roofline. Sums over every rank's priced operators, each weighted by how many times
/// the step runs it (layers, micro-batches, draft tokens), so the shares are those of the step's kernel time.
/// </summary>
/// <remarks>One per pricer, reset at the start of every step; plain fields, nothing allocated per step.</remarks>
internal sealed class KernelTimeLedger
{
    /// <summary>Times the operators priced next run in the step (set before each phase).</summary>
    public double Weight = 1;

    /// <summary>Weighted nanoseconds from exact table rows.</summary>
    public double MeasuredNs;

    /// <summary>Weighted nanoseconds interpolated between table rows.</summary>
    public double InterpolatedNs;

    /// <summary>Weighted nanoseconds from the GEMM tile model (a shape-aware roofline fitted to kernel tables).</summary>
    public double TileModelNs;

    /// <summary>Weighted nanoseconds from the plain roofline (efficiency scalars).</summary>
    public double RooflineNs;

    /// <summary>Clears the sums for a new step.</summary>
    public void Reset()
    {
        Weight = 1;
        MeasuredNs = 0;
        InterpolatedNs = 0;
        TileModelNs = 0;
        RooflineNs = 0;
    }

    /// <summary>Books <paramref name="ns"/> of one operator under where its price came from.</summary>
    public void Add(PricingSource source, double ns)
    {
        switch (source)
        {
            case PricingSource.Measured:
                MeasuredNs += ns * Weight;
                break;
            case PricingSource.Interpolated:
                InterpolatedNs += ns * Weight;
                break;
            case PricingSource.TileModel:
                TileModelNs += ns * Weight;
                break;
            default:
                RooflineNs += ns * Weight;
                break;
        }
    }

    /// <summary>Copies the sums into the step's cost.</summary>
    public void CopyTo(ref StepCost cost)
    {
        cost.MeasuredKernelNs = MeasuredNs;
        cost.InterpolatedKernelNs = InterpolatedNs;
        cost.TileModelKernelNs = TileModelNs;
        cost.RooflineKernelNs = RooflineNs;
    }
}
