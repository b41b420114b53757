using ClusterSim.Analysis;
using ClusterSim.Kernels;

namespace ClusterSim.Serving;

/// <summary>
/// Where one step's kernel time came from: measured table rows, interpolation between rows, the GEMM tile model, or
/// the plain roofline; and where its communication time came from: all-to-all table rows, interpolation, or the flow
/// model. Sums over every rank's priced operators, each weighted by how many times
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

    /// <summary>Weighted communication nanoseconds from exact all-to-all table rows.</summary>
    public double MeasuredCommNs;

    /// <summary>Weighted communication nanoseconds interpolated between all-to-all table rows.</summary>
    public double InterpolatedCommNs;

    /// <summary>Weighted communication nanoseconds from the fabric's flow model.</summary>
    public double FlowCommNs;

    /// <summary>Clears the sums for a new step.</summary>
    public void Reset()
    {
        Weight = 1;
        MeasuredNs = 0;
        InterpolatedNs = 0;
        TileModelNs = 0;
        RooflineNs = 0;
        MeasuredCommNs = 0;
        InterpolatedCommNs = 0;
        FlowCommNs = 0;
    }

    /// <summary>
    /// Books <paramref name="ns"/> of one collective, run <paramref name="runs"/> times in the step, under where its
    /// price came from: <see cref="KernelProvenance.Measured"/> or <see cref="KernelProvenance.Interpolated"/> for an
    /// all-to-all table answer, <see cref="KernelProvenance.None"/> for the flow model.
    /// </summary>
    public void AddCommunication(KernelProvenance source, double ns, double runs)
    {
        switch (source)
        {
            case KernelProvenance.Measured:
                MeasuredCommNs += ns * runs;
                break;
            case KernelProvenance.Interpolated:
                InterpolatedCommNs += ns * runs;
                break;
            default:
                FlowCommNs += ns * runs;
                break;
        }
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
        cost.MeasuredCommunicationNs = MeasuredCommNs;
        cost.InterpolatedCommunicationNs = InterpolatedCommNs;
        cost.FlowCommunicationNs = FlowCommNs;
    }
}
