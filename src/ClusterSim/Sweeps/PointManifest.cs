using System.Text.Json;

namespace ClusterSim.Sweeps;

/// <summary>
/// point.json of a point folder: which point it is and the per-point constants sweep.csv derives figures from.
/// Written before summary.json, whose presence marks the point complete.
/// </summary>
/// <param name="Point">The point.</param>
/// <param name="WeightBytesPerElement">b of the routed-expert weights, block scales included (BF16 2, FP8 in 128×128 blocks 1.000244, NVFP4 0.5625): expert intensity = 2R/b.</param>
/// <param name="RidgePoint">The accelerator's ridge point in the weights' compute format, FLOP per byte.</param>
public sealed record PointManifest(SweepPoint Point, double WeightBytesPerElement, double RidgePoint)
{
    /// <summary>The file name inside a point folder.</summary>
    public const string FileName = RunFolders.RunFolderLayout.PointManifest;

    /// <summary>Writes the manifest as indented JSON.</summary>
    public void Write(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("index", Point.Index);
        json.WriteString("id", Point.Id);
        json.WriteStartArray("settings");
        foreach (var s in Point.Settings)
        {
            json.WriteStartObject();
            json.WriteString("key", s.KeyPath);
            json.WriteString("value", s.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("weight_bytes_per_element", WeightBytesPerElement);
        json.WriteNumber("ridge_point", Math.Round(RidgePoint, 6));
        json.WriteEndObject();
    }

    /// <summary>Reads a manifest; throws <see cref="SweepException"/> naming the file when it is malformed.</summary>
    public static PointManifest Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var settings = root.GetProperty("settings").EnumerateArray()
                .Select(s => new SweepSetting(s.GetProperty("key").GetString()!, s.GetProperty("value").GetString()!))
                .ToArray();
            var manifest = new PointManifest(
                new SweepPoint(root.GetProperty("index").GetInt32(), settings),
                root.GetProperty("weight_bytes_per_element").GetDouble(),
                root.GetProperty("ridge_point").GetDouble());
            var id = root.GetProperty("id").GetString();
            if (id != manifest.Point.Id)
            {
                throw new SweepException($"{path}: id '{id}' does not match its settings (expected {manifest.Point.Id}); the file was edited or damaged");
            }

            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SweepException($"{path}: not a valid point manifest ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
