using System.Globalization;
using ClusterSim.Runs;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.Telemetry;

public sealed class ReportSeriesTests
{
    [Fact]
    public void Kept_values_are_exactly_what_the_written_files_parse_to()
    {
        var scenario = ShortRun.Scenario(6);
        var kept = new ReportSeries();
        using var timeseries = new StringWriter { NewLine = "\n" };
        using var requestsText = new StringWriter { NewLine = "\n" };
        using (var requests = new RequestsCsvWriter(requestsText, kept))
        {
            using var outputs = new TelemetryOutputs(requests, timeseries, scenario.Outputs.TimeseriesWindow, null, TraceOutputOptions.Default, kept);
            ScenarioRunner.Run(scenario.Plan(), outputs, NullLogger.Instance);
        }

        // timeseries.csv: every pool row's plotted columns, parsed as the report's reader parses them.
        var lines = timeseries.ToString().TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        var columns = ReportSeries.PoolColumns.Select(c => Array.IndexOf(header, c)).ToArray();
        var poolRows = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "pool").ToList();
        Assert.Equal(["serving"], kept.Pools);
        Assert.True(poolRows.Count >= 600, $"{poolRows.Count} rows"); // 6 s of arrivals in 10 ms buckets, then the drain
        Assert.Equal(poolRows.Count, kept.RowsOf(0).Count);
        for (var i = 0; i < poolRows.Count; i++)
        {
            Assert.Equal(Parse(poolRows[i][0]), kept.TimesOf(0)[i]);
            Assert.Equal(columns.Select(c => Parse(poolRows[i][c])), kept.RowsOf(0)[i]);
        }

        // Some value must carry a fraction, or the rounding would go untested.
        Assert.Contains(kept.RowsOf(0), row => row[0] is > 0 and < 1);

        // requests.csv: TTFT and TPOT of completed requests, in file order.
        var requestRows = requestsText.ToString().TrimEnd('\n').Split('\n');
        var requestHeader = requestRows[0].Split(',');
        var (ttft, tpot) = (Array.IndexOf(requestHeader, "ttft_ms"), Array.IndexOf(requestHeader, "tpot_ms"));
        var requestLines = requestRows.Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "completed").ToList();
        Assert.NotEmpty(requestLines);
        Assert.Equal(requestLines.Select(f => Parse(f[ttft])), kept.TtftMs);
        Assert.Equal(requestLines.Where(f => f[tpot].Length > 0).Select(f => Parse(f[tpot])), kept.TpotMs);
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
