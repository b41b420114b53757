using System.Globalization;

namespace ClusterSim.Workloads.Traces;

/// <summary>
/// BurstGPT: <c>Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type</c>, timestamps in seconds.
/// Rows with 0 response tokens are failed requests; the caller skips and counts them.
/// </summary>
internal sealed class BurstGptTraceReader(string openPath, string displayName)
    : CsvTraceReader(openPath, displayName, ExpectedHeader, "Timestamp", "Request tokens", "Response tokens")
{
    /// <summary>The header the published files carry.</summary>
    public const string ExpectedHeader = "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type";

    // Nine billion seconds is about 285 years: beyond it nanoseconds leave a long.
    private const double MaxSeconds = 9e9;

    /// <inheritdoc />
    protected override bool TryParseTimestamp(ReadOnlySpan<char> text, out long nanoseconds, out string problem)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            && seconds >= 0 && seconds <= MaxSeconds)
        {
            nanoseconds = (long)Math.Round(seconds * 1e9, MidpointRounding.AwayFromZero);
            problem = string.Empty;
            return true;
        }

        nanoseconds = 0;
        problem = $"'{Truncate(text.ToString())}' is not a time in seconds; expected a number >= 0";
        return false;
    }
}
