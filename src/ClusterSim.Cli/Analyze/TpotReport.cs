using ClusterSim.Analysis;
using ClusterSim.Hardware;

namespace ClusterSim.Cli.Analyze;

/// <summary>The TPOT lower bound of one decode step and its parts, in seconds.</summary>
/// <param name="ContextTokens">Context length of every request.</param>
/// <param name="BatchPerRank">Requests per attention DP rank.</param>
/// <param name="PoolBatch">Requests in the instance, B = batch per rank × DP.</param>
/// <param name="AtCapacity">True for the row evaluated at B_cap.</param>
/// <param name="FitsInMemory">B ≤ B_cap.</param>
/// <param name="WeightSeconds">Weights read ÷ (n_acc·BW).</param>
/// <param name="KvAndActivationSeconds">KV cache and activations read ÷ (n_acc·BW).</param>
/// <param name="CommunicationSeconds">All-to-all dispatch and combine of every MoE layer (Eq. 13).</param>
/// <param name="ComputeSeconds">FLOPs ÷ (n_acc·peak), for reference; not in the paper's sum.</param>
/// <param name="TpotSeconds">Eq. 12: weights + KV and activations + communication.</param>
/// <param name="RooflineSeconds">max(memory, compute) + communication.</param>
/// <param name="TokensPerSecondPerAccelerator">B ÷ TPOT ÷ n_acc.</param>
public sealed record TpotRow(
    int ContextTokens,
    double BatchPerRank,
    double PoolBatch,
    bool AtCapacity,
    bool FitsInMemory,
    double WeightSeconds,
    double KvAndActivationSeconds,
    double CommunicationSeconds,
    double ComputeSeconds,
    double TpotSeconds,
    double RooflineSeconds,
    double TokensPerSecondPerAccelerator);

/// <summary>Paper Eq. 12/13 for the deployment at peak figures (hence a lower bound), uniform routing.</summary>
/// <param name="Accelerators">n_acc.</param>
/// <param name="ComputeType">Format of the peak used for the compute time.</param>
/// <param name="PeakFlopsPerSecond">That peak per accelerator.</param>
/// <param name="HbmBytesPerSecond">Peak HBM bandwidth per accelerator.</param>
/// <param name="Link">"scale_up" when the instance fits one scale-up domain, else "scale_out".</param>
/// <param name="LinkBytesPerSecond">Per-accelerator link bandwidth per direction of the all-to-all.</param>
/// <param name="LinkLatencySeconds">α of one all-to-all.</param>
/// <param name="Rows">For each context: each batch, then B_cap.</param>
public sealed record TpotReport(
    int Accelerators,
    string ComputeType,
    double PeakFlopsPerSecond,
    double HbmBytesPerSecond,
    string Link,
    double LinkBytesPerSecond,
    double LinkLatencySeconds,
    IReadOnlyList<TpotRow> Rows)
{
    /// <summary>Evaluates the bound at every (context, batch) and at B_cap of each context.</summary>
    public static TpotReport From(AnalyzeInputs inputs, MemoryReport memory)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(memory);
        var spec = inputs.Hardware;
        var n = inputs.Deployment.Accelerators;
        var dp = inputs.Deployment.AttentionDp;
        var scaleUp = n <= (inputs.Deployment.ScaleUpDomain ?? spec.ScaleUp.DomainSize.Value);
        var link = scaleUp ? spec.ScaleUp.BandwidthPerDirection.Value : spec.ScaleOut.NicBandwidthPerAccelerator.Value;
        var alpha = scaleUp ? spec.ScaleUp.Alpha.Value : spec.ScaleOut.Alpha.Value;
        var type = inputs.GemmType;
        var machine = new MachineBalance(
            spec.PeakFlops(type).FlopsPerSecond, spec.Hbm.Bandwidth.Value.BytesPerSecond, spec.Hbm.Capacity.Value.Bytes, link.BytesPerSecond, alpha.TotalSeconds);

        var rows = new List<TpotRow>();
        foreach (var capacity in memory.Rows)
        {
            foreach (var batch in inputs.BatchesPerRank)
            {
                rows.Add(Row(inputs, machine, capacity, (long)batch * dp, atCapacity: false));
            }

            if (capacity.MaxBatch >= 1)
            {
                rows.Add(Row(inputs, machine, capacity, (long)capacity.MaxBatch, atCapacity: true));
            }
        }

        return new TpotReport(n, type.Name(), machine.PeakFlopsPerSecond, machine.HbmBytesPerSecond, scaleUp ? "scale_up" : "scale_out", machine.LinkBytesPerSecond, machine.LinkLatencySeconds, rows);
    }

    private static TpotRow Row(AnalyzeInputs inputs, MachineBalance machine, MemoryRow capacity, long poolBatch, bool atCapacity)
    {
        var deployment = inputs.Deployment;
        var t = TpotBound.ForModel(inputs.Model, machine, deployment.Accelerators, deployment.AttentionDp, poolBatch, capacity.ContextTokens, 1, inputs.Precision);
        return new TpotRow(
            capacity.ContextTokens,
            (double)poolBatch / deployment.AttentionDp,
            poolBatch,
            atCapacity,
            poolBatch <= capacity.MaxBatch,
            t.WeightReadSeconds,
            t.KvAndActivationSeconds,
            t.CommunicationSeconds,
            t.ComputeSeconds,
            t.Seconds,
            t.RooflineSeconds,
            poolBatch / t.Seconds / deployment.Accelerators);
    }
}
