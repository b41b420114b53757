using ScottPlot;

namespace ClusterSim.Cli.Report;

/// <summary>
/// The one colour and name of each resource a step can be bounded by, shared by every chart that shows resources
/// (report.html's bar chart and utilisation timeline, the sweep's bottleneck-share plots), so a reader who learnt
/// "green is communication" in one chart is not misled by the next.
/// </summary>
public static class ResourcePalette
{
    /// <summary>The resources in stacking order (bottom up), with their bottleneck key, label and colour.</summary>
    /// <remarks>
    /// Colours are from the Okabe-Ito set, chosen to stay distinct under the common colour-vision deficiencies; idle is
    /// a light grey because it is the absence of work, not a resource competing with the others.
    /// </remarks>
    public static readonly IReadOnlyList<ResourceStyle> All =
    [
        new("compute", "compute-bound", "#0072B2"),
        new("memory", "HBM-bandwidth-bound", "#E69F00"),
        new("communication", "communication", "#009E73"),
        new("imbalance", "imbalance wait", "#CC79A7"),
        new("idle", "idle", "#BDBDBD"),
    ];

    /// <summary>The style of the resource with bottleneck key <paramref name="key"/> (compute, memory, communication, imbalance, idle).</summary>
    public static ResourceStyle Of(string key) =>
        All.FirstOrDefault(r => r.Key == key) ?? throw new ArgumentException($"unknown resource '{key}'", nameof(key));
}

/// <summary>How one resource is drawn.</summary>
/// <param name="Key">The bottleneck key in summary.json (<c>compute</c>, <c>memory</c>, ...).</param>
/// <param name="Label">The legend text, the same in every chart.</param>
/// <param name="Hex">The colour as #RRGGBB.</param>
public sealed record ResourceStyle(string Key, string Label, string Hex)
{
    /// <summary>The colour for ScottPlot.</summary>
    public Color Color => Color.FromHex(Hex);
}
