using System.Globalization;
using ClusterSim.Cli.Rendering;
using ClusterSim.Measurements;
using Spectre.Console;

namespace ClusterSim.Cli.Calibrate;

/// <summary>The console form of a calibration: each parameter before and after, then the error of each part before and after.</summary>
public static class CalibrateView
{
    /// <summary>Renders <paramref name="result"/> to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, CalibrationResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var parameters = result.Parameters.Select((p, i) => (IReadOnlyList<string>)[p.Name, p.Format(result.Prior[i]), p.Format(result.Fitted[i]), p.Unit]);
        console.Write(SummaryTable.Columns(
            $"Fitted parameters ({result.Evaluations} evaluations)",
            ["parameter", "prior", "calibrated", "unit"],
            parameters,
            new HashSet<string>(StringComparer.Ordinal) { "prior", "calibrated" }));

        var parts = new List<IReadOnlyList<string>> { Row("fitted", result.FittedPart) };
        if (result.HeldOut is { } heldOut)
        {
            parts.Add(Row("held out", heldOut));
        }

        console.Write(SummaryTable.Columns(
            "Mean |error| over every compared metric, before and after",
            ["part", "runs", "metrics", "prior error %", "calibrated error %"],
            parts,
            new HashSet<string>(StringComparer.Ordinal) { "runs", "metrics", "prior error %", "calibrated error %" }));
        console.WriteLine(result.HeldOut is null
            ? "no held-out runs (--holdout K-fold or --holdout-files): the overlay's sources say the held-out error was not measured"
            : result.IsWorseHeldOut ? "held-out error got worse: the fit is refused" : "held-out error improved");
    }

    private static IReadOnlyList<string> Row(string part, PartError error) =>
    [
        part,
        error.Runs.ToString(CultureInfo.InvariantCulture),
        error.Metrics.ToString(CultureInfo.InvariantCulture),
        error.PriorPercent.ToString("0.00", CultureInfo.InvariantCulture),
        error.CalibratedPercent.ToString("0.00", CultureInfo.InvariantCulture),
    ];
}
