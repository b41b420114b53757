using System.Text.Json;

namespace ClusterSim.Sweeps;

/// <summary>
/// sweep.json of a sweep folder: the scenario and parameters that define the points, so a resumed sweep or a merge
/// can refuse folders written by a different sweep.
/// </summary>
/// <param name="ScenarioName">The scenario's name.</param>
/// <param name="ScenarioSha256">Hex SHA-256 of the scenario file as read.</param>
/// <param name="Parameters">The swept parameters in order.</param>
/// <param name="Fixed">The --set overrides applied to every point, as "key=value", in order.</param>
public sealed record SweepManifest(string ScenarioName, string ScenarioSha256, IReadOnlyList<SweepParameter> Parameters, IReadOnlyList<string> Fixed)
{
    /// <summary>The file name inside a sweep folder.</summary>
    public const string FileName = "sweep.json";

    /// <summary>True when both describe the same points (same scenario bytes, parameters and fixed overrides).</summary>
    public bool SameSweepAs(SweepManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ScenarioSha256 == other.ScenarioSha256
            && Fixed.SequenceEqual(other.Fixed)
            && Parameters.Count == other.Parameters.Count
            && Parameters.Zip(other.Parameters).All(p => p.First.KeyPath == p.Second.KeyPath && p.First.Values.SequenceEqual(p.Second.Values));
    }

    /// <summary>Writes the manifest as indented JSON.</summary>
    public void Write(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("scenario", ScenarioName);
        json.WriteString("scenario_sha256", ScenarioSha256);
        json.WriteStartArray("parameters");
        foreach (var p in Parameters)
        {
            json.WriteStartObject();
            json.WriteString("key", p.KeyPath);
            json.WriteStartArray("values");
            foreach (var v in p.Values)
            {
                json.WriteStringValue(v);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("fixed");
        foreach (var f in Fixed)
        {
            json.WriteStringValue(f);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Reads a manifest; throws <see cref="SweepException"/> naming the file when it is malformed.</summary>
    public static SweepManifest Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var parameters = root.GetProperty("parameters").EnumerateArray()
                .Select(p => new SweepParameter(
                    p.GetProperty("key").GetString()!,
                    p.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray()))
                .ToArray();
            var fixedSettings = root.GetProperty("fixed").EnumerateArray().Select(v => v.GetString()!).ToArray();
            return new SweepManifest(root.GetProperty("scenario").GetString()!, root.GetProperty("scenario_sha256").GetString()!, parameters, fixedSettings);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SweepException($"{path}: not a valid sweep manifest ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
