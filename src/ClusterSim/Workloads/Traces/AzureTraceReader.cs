namespace ClusterSim.Workloads.Traces;

/// <summary>
/// Azure LLM inference traces (2023 and 2024): <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> with wall-clock
/// timestamps such as <c>2023-11-16 18:17:03.9799600</c> or <c>2024-05-10 00:00:00.009930+00:00</c>.
/// </summary>
internal sealed class AzureTraceReader(string openPath, string displayName)
    : CsvTraceReader(openPath, displayName, ExpectedHeader, "TIMESTAMP", "ContextTokens", "GeneratedTokens")
{
    /// <summary>The header the published files carry.</summary>
    public const string ExpectedHeader = "TIMESTAMP,ContextTokens,GeneratedTokens";

    /// <inheritdoc />
    protected override bool TryParseTimestamp(ReadOnlySpan<char> text, out long nanoseconds, out string problem)
    {
        if (WallClock.TryParseUnixNanoseconds(text, out nanoseconds))
        {
            problem = string.Empty;
            return true;
        }

        problem = $"'{Truncate(text.ToString())}' is not a timestamp; expected 'yyyy-MM-dd HH:mm:ss[.fffffff][+hh:mm]'";
        return false;
    }
}
