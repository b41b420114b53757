using System.Globalization;
using ClusterSim.Cli.Rendering;
using ClusterSim.Sweeps;
using Spectre.Console;

namespace ClusterSim.Cli.Capacity;

/// <summary>The console table of capacity results: one row per point.</summary>
public static class CapacityView
{
    /// <summary>Renders the results to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, double target, double precision, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<CapacityResult> results)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(results);
        var headers = parameters.Select(p => p.KeyPath).Concat(["capacity req/s", "tok/s/GPU", "$/M tok", "J/tok", "bounding resource", "bracket", "probes"]).ToArray();
        var rows = results.Select(r =>
        {
            var cells = parameters.Select(p => r.Point.ValueOf(p.KeyPath)).ToList();
            cells.Add(RateText(r.Outcome));
            cells.Add(r.OutputTokensPerSecondPerGpu is { } t ? F(t, "0.#") : "-");
            cells.Add(r.UsdPerMillionOutputTokens is { } usd ? F(usd, "0.###") : "-");
            cells.Add(r.JoulesPerOutputToken is { } joules ? F(joules, "0.###") : "-");
            cells.Add(r.Bounding is { } b ? $"{b.Resource} ({F(b.Share * 100, "0")}% of busy time)" : "-");
            cells.Add(BracketText(r.Outcome));
            cells.Add(r.Outcome.Probes.Count.ToString(CultureInfo.InvariantCulture));
            return (IReadOnlyList<string>)cells;
        });
        var title = $"Highest rate with SLO attainment >= {F(target, "0.###")} (relative precision {F(precision, "0.###")}, same seed every probe)";
        console.Write(SummaryTable.Columns(title, headers, rows, new HashSet<string> { "capacity req/s", "tok/s/GPU", "$/M tok", "J/tok", "probes" }));
    }

    /// <summary>The found rate, or what the search could say when it left its range.</summary>
    public static string RateText(CapacityOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            CapacityStatus.Found => F(outcome.RatePerSecond!.Value, "0.####"),
            CapacityStatus.AboveRange => "> " + F(outcome.RatePerSecond!.Value, "0.####"),
            _ => "< " + F(outcome.FailingRatePerSecond!.Value, "0.######"),
        };
    }

    private static string BracketText(CapacityOutcome outcome) => outcome.Status switch
    {
        CapacityStatus.Found => $"[{F(outcome.RatePerSecond!.Value, "0.####")}, {F(outcome.FailingRatePerSecond!.Value, "0.####")})",
        CapacityStatus.AboveRange => "passes at every rate tried",
        _ => "fails at every rate tried",
    };

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
