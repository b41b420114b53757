using ClusterSim.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders the accelerator: memory, links and efficiencies, then peaks and ridge points per data type.</summary>
internal static class HardwareTable
{
    private static readonly string[] Headers = ["Format", "Peak TFLOP/s", "Ridge (peak)", "Ridge GEMM eff.", "Ridge attention eff."];

    public static IRenderable Render(HardwareReport hardware)
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
        return Titled("Hardware", Facts(rows));
    }

    public static IRenderable RenderRidges(HardwareReport hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var rows = hardware.Peaks.Select(p => (IReadOnlyList<string>)
            [p.DataType, Teraflops(p.PeakFlopsPerSecond), Fixed(p.RidgePoint, 2), Fixed(p.GemmRidgePoint, 2), Fixed(p.AttentionRidgePoint, 2)]);
        return Titled("Ridge points in FLOP/byte: peak FLOP/s ÷ peak HBM bytes/s, and with the efficiency factors of GEMM and attention", SummaryTable.Columns(null, Headers, rows, Headers.Skip(1).ToHashSet()));
    }
}
