using ScottPlot;

namespace ClusterSim.Cli.Sweep;

/// <summary>
/// Colour, line pattern and marker of the n-th series of a sweep plot. ScottPlot's default palette repeats after 10
/// series, so two lines of a larger sweep looked identical; here the colour cycles through 12 and every full cycle
/// switches to the next line pattern and marker, giving 48 distinct (colour, style) pairs.
/// </summary>
public static class SeriesPalette
{
    // Okabe-Ito (colour-blind safe) first, then darker tones that stay apart from them.
    private static readonly string[] Colours =
    [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
        "#000000", "#8C564B", "#7F3C8D", "#B8860B", "#2F4F4F", "#E41A1C",
    ];

    private static readonly (LinePattern Pattern, MarkerShape Marker, string Name)[] Styles =
    [
        (LinePattern.Solid, MarkerShape.FilledCircle, "solid-circle"),
        (LinePattern.Dashed, MarkerShape.FilledSquare, "dashed-square"),
        (LinePattern.Dotted, MarkerShape.FilledTriangleUp, "dotted-triangle"),
        (LinePattern.DenselyDashed, MarkerShape.FilledDiamond, "densely-dashed-diamond"),
    ];

    /// <summary>How many series get a (colour, style) pair no other series has.</summary>
    public static int DistinctSeries => Colours.Length * Styles.Length;

    /// <summary>The style of series <paramref name="index"/> (0-based); repeats only after <see cref="DistinctSeries"/>.</summary>
    public static SeriesStyle Of(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var style = Styles[(index / Colours.Length) % Styles.Length];
        return new SeriesStyle(Colours[index % Colours.Length], style.Pattern, style.Marker, style.Name);
    }
}

/// <summary>How one sweep series is drawn.</summary>
/// <param name="Hex">Colour as #RRGGBB.</param>
/// <param name="Pattern">Line pattern.</param>
/// <param name="Marker">Marker shape.</param>
/// <param name="StyleName">Name of the pattern and marker pair, for tests and comparisons.</param>
public sealed record SeriesStyle(string Hex, LinePattern Pattern, MarkerShape Marker, string StyleName)
{
    /// <summary>The colour for ScottPlot.</summary>
    public Color Color => Color.FromHex(Hex);
}
