using ClusterSim.Cli.Rendering;
using Spectre.Console;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders the accelerator: memory, links and efficiencies, then peaks and ridge points per data type.</summary>
internal static class HardwareTable
{
    private static readonly string[] Headers = ["Format", "Peak TFLOP/s", "Ridge (peak)", "Ridge GEMM eff.", "Ridge attention eff."];

    public static Table Render(HardwareReport hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        KeyValuePair<string, string>[] rows =
        [
            new("Accelerator", $"{hardware.Name} ({hardware.Vendor})"),
            new("HBM", $"{Bytes(hardware.HbmBytes)} at {Rate(hardware.HbmBytesPerSecond)}"),
            new("Scale-up", $"{Rate(hardware.ScaleUpBytesPerSecond)} per direction, domain of {hardware.ScaleUpDomain}"),
            new("Scale-out", $"{Rate(hardware.ScaleOutBytesPerSecond)} per accelerator"),
            new("Efficiency (compute / memory)", string.Join(", ", hardware.Efficiency.Select(e => $"{e.OperationClass} {Percent(e.Compute)} / {Percent(e.Memory)}"))),
        ];
        return SummaryTable.KeyValue("Hardware", rows);
    }

    public static Table RenderRidges(HardwareReport hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var rows = hardware.Peaks.Select(p => (IReadOnlyList<string>)
            [p.DataType, Teraflops(p.PeakFlopsPerSecond), Fixed(p.RidgePoint, 2), Fixed(p.GemmRidgePoint, 2), Fixed(p.AttentionRidgePoint, 2)]);
        return SummaryTable.Columns("Ridge points (FLOP/byte): peak FLOP/s ÷ HBM bytes/s, and with efficiency factors", Headers, rows, Headers.Skip(1).ToHashSet());
    }
}
