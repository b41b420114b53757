using System.Globalization;
using System.Text.Json;

namespace ClusterSim.Sweeps;

/// <summary>One completed point as sweep.csv sees it: its manifest and its flattened metrics.</summary>
/// <param name="Manifest">The point's point.json.</param>
/// <param name="Metrics">Dotted metric names and their invariant number text, in summary order, derived figures last.</param>
public sealed record SweepRow(PointManifest Manifest, IReadOnlyList<KeyValuePair<string, string>> Metrics)
{
    /// <summary>The file whose presence (with "partial": false) marks a point folder complete.</summary>
    public const string SummaryFileName = RunFolders.RunFolderLayout.Summary;

    /// <summary>The metric as a number, or null when absent or empty.</summary>
    public double? Number(string name)
    {
        foreach (var (key, value) in Metrics)
        {
            if (key == name)
            {
                return value.Length == 0 ? null : double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>True when the folder holds point.json and a summary.json of a run that was not cancelled.</summary>
    public static bool IsComplete(string pointFolder)
    {
        var summary = Path.Combine(pointFolder, SummaryFileName);
        if (!File.Exists(summary) || !File.Exists(Path.Combine(pointFolder, PointManifest.FileName)))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(summary));
            return document.RootElement.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.False;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a complete point folder. Adds, per pool with experts, <c>pools.NAME.expert_intensity</c> = 2R/b
    /// (R tokens per expert, b bytes per weight element: two FLOPs per weight byte read per token) and the
    /// accelerator's <c>ridge_point</c>.
    /// </summary>
    public static SweepRow Read(string pointFolder)
    {
        var manifest = PointManifest.Read(Path.Combine(pointFolder, PointManifest.FileName));
        var path = Path.Combine(pointFolder, SummaryFileName);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var metrics = SummaryFlattener.Flatten(document.RootElement).ToList();
            var derived = new List<KeyValuePair<string, string>>();
            foreach (var (key, value) in metrics)
            {
                const string Suffix = ".tokens_per_expert";
                if (key.StartsWith("pools.", StringComparison.Ordinal) && key.EndsWith(Suffix, StringComparison.Ordinal) && value.Length > 0)
                {
                    var tokensPerExpert = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                    var intensity = 2 * tokensPerExpert / manifest.WeightBytesPerElement;
                    derived.Add(new(key[..^Suffix.Length] + ".expert_intensity", Format(intensity)));
                }
            }

            derived.Add(new("ridge_point", Format(manifest.RidgePoint)));
            metrics.AddRange(derived);
            return new SweepRow(manifest, metrics);
        }
        catch (JsonException e)
        {
            throw new SweepException($"{path}: not valid JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static string Format(double value) => Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture);
}
