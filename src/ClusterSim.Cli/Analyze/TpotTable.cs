using ClusterSim.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders the TPOT lower bound (paper Eq. 12/13) with its parts.</summary>
internal static class TpotTable
{
    private static readonly string[] Headers =
        ["Context", "Batch/rank", "Pool B", "Weights", "KV+act", "A2A", "Compute", "TPOT", "Roofline", "tok/s/acc", "Fits"];

    public static IRenderable Render(TpotReport tpot)
    {
        ArgumentNullException.ThrowIfNull(tpot);
        var rows = tpot.Rows.Select(r => (IReadOnlyList<string>)
        [
            Count(r.ContextTokens), r.AtCapacity ? "B_cap" : Count(r.BatchPerRank), Count(r.PoolBatch),
            Milliseconds(r.WeightSeconds), Milliseconds(r.KvAndActivationSeconds), Milliseconds(r.CommunicationSeconds),
            Milliseconds(r.ComputeSeconds), Milliseconds(r.TpotSeconds), Milliseconds(r.RooflineSeconds),
            Count(r.TokensPerSecondPerAccelerator), r.FitsInMemory ? "yes" : "no",
        ]);
        var link = tpot.Link == "scale_up" ? "scale-up" : "scale-out";
        var title = $"TPOT lower bound (Eq. 12/13) in ms, at peak figures over {tpot.Accelerators} accelerators: HBM {Rate(tpot.HbmBytesPerSecond)}, "
            + $"all-to-all over {link} {Rate(tpot.LinkBytesPerSecond)} + {Fixed(tpot.LinkLatencySeconds * 1e6, 1)} us, compute at {tpot.ComputeType} peak; TPOT = weights + KV + A2A";
        return Titled(title, SummaryTable.Columns(null, Headers, rows, Headers.SkipLast(1).ToHashSet()));
    }
}
