using System.Globalization;
using ClusterSim.Units;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ClusterSim.Cli.Analyze;

/// <summary>Number formats of the analyze tables, all in invariant culture.</summary>
internal static class AnalyzeText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A whole number with thousands separators ("70,272").</summary>
    public static string Count(double value) => value.ToString("#,0", Invariant);

    /// <summary>A number with <paramref name="decimals"/> decimals and thousands separators ("206.15").</summary>
    public static string Fixed(double value, int decimals) => value.ToString("#,0." + new string('0', decimals), Invariant);

    /// <summary>An arithmetic intensity with three significant figures or more ("0.99", "24.6", "412").</summary>
    public static string Intensity(double value) => Math.Abs(value) switch
    {
        < 10 => value.ToString("0.00", Invariant),
        < 1000 => value.ToString("#,0.0", Invariant),
        _ => Count(value),
    };

    /// <summary>A ratio with a trailing "x" ("121.3x").</summary>
    public static string Times(double value) => Intensity(value) + "x";

    /// <summary>Billions of parameters ("671.03 B").</summary>
    public static string Billions(double value) => (value / 1e9).ToString("#,0.00", Invariant) + " B";

    /// <summary>Bytes with a decimal prefix ("141 GB").</summary>
    public static string Bytes(double bytes) => new ByteSize(bytes).ToString();

    /// <summary>A bandwidth with a decimal prefix ("4.8 TB/s").</summary>
    public static string Rate(double bytesPerSecond) => new Bandwidth(bytesPerSecond).ToString();

    /// <summary>Tera-FLOP/s ("989.5").</summary>
    public static string Teraflops(double flopsPerSecond) => (flopsPerSecond / 1e12).ToString("#,0.###", Invariant);

    /// <summary>Milliseconds from seconds, three decimals ("12.345").</summary>
    public static string Milliseconds(double seconds) => (seconds * 1e3).ToString("#,0.000", Invariant);

    /// <summary>A fraction as a percentage ("71%", "58.6%").</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", Invariant) + "%";

    /// <summary>A heading line above a table; it wraps at the console width, where a table title would wrap at the table's.</summary>
    public static IRenderable Titled(string heading, Table table) => new Rows(new Text(heading), table);

    /// <summary>A two-column table of named values, left-aligned because most values are text, not numbers.</summary>
    public static Table Facts(IEnumerable<KeyValuePair<string, string>> rows) =>
        Rendering.SummaryTable.Columns(null, ["Item", "Value"], rows.Select(r => (IReadOnlyList<string>)[r.Key, r.Value]));

    /// <summary>"C" for compute-bound, "M" for memory-bound, "link" for communication.</summary>
    public static string BoundLetter(string bound) => bound switch
    {
        "compute" => "C",
        "memory" => "M",
        _ => bound,
    };
}
