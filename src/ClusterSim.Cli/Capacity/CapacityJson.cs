using System.Text.Json;
using ClusterSim.RunFolders;
using ClusterSim.Sweeps;

namespace ClusterSim.Cli.Capacity;

/// <summary>The --json form of capacity results: one object, its "points" one per --sweep-set point.</summary>
public static class CapacityJson
{
    /// <summary>The JSON text (indented, invariant, ending with a newline).</summary>
    public static string Write(double target, double precision, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<CapacityResult> results)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(results);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("target_attainment", target);
            json.WriteNumber("relative_precision", precision);
            json.WriteStartArray("points");
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteStartObject("settings");
                foreach (var p in parameters)
                {
                    json.WriteString(p.KeyPath, r.Point.ValueOf(p.KeyPath));
                }

                json.WriteEndObject();
                json.WriteString("status", r.Outcome.Status switch
                {
                    CapacityStatus.Found => "found",
                    CapacityStatus.AboveRange => "above_range",
                    _ => "below_range",
                });
                Number(json, "rate_per_s", r.Outcome.RatePerSecond);
                Number(json, "failing_rate_per_s", r.Outcome.FailingRatePerSecond);
                Number(json, "output_tokens_per_s_per_gpu", r.OutputTokensPerSecondPerGpu);
                Number(json, "usd_per_million_output_tokens", r.UsdPerMillionOutputTokens);
                Number(json, "joules_per_output_token", r.JoulesPerOutputToken);
                if (r.Accelerators is { } accelerators)
                {
                    json.WriteNumber("accelerators", accelerators);
                }

                if (r.Bounding is { } b)
                {
                    json.WriteStartObject("bounding_resource");
                    json.WriteString("resource", b.Resource);
                    Number(json, "share_of_busy_time", b.Share);
                    json.WriteEndObject();
                }

                json.WriteStartArray("probes");
                foreach (var probe in r.Outcome.Probes)
                {
                    json.WriteStartObject();
                    Number(json, "rate_per_s", probe.RatePerSecond);
                    Number(json, "slo_attainment", probe.Attainment);
                    json.WriteBoolean("meets_target", probe.MeetsTarget);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return AtomicFile.Utf8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
