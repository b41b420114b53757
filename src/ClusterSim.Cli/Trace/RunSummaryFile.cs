using System.Text.Json;

namespace ClusterSim.Cli.Trace;

/// <summary>The parts of a run's summary.json that <c>trace summarize</c> and report.html read.</summary>
/// <param name="Document">The whole parsed document (dispose it).</param>
public sealed record RunSummaryFile(JsonDocument Document) : IDisposable
{
    /// <summary>The root object.</summary>
    public JsonElement Root => Document.RootElement;

    /// <summary>Reads summary.json of <paramref name="runDirectory"/>; a user error when missing or not JSON.</summary>
    public static RunSummaryFile Read(string runDirectory)
    {
        var path = RunFolderFiles.Require(runDirectory, "summary.json");
        try
        {
            return new RunSummaryFile(JsonDocument.Parse(File.ReadAllBytes(path)));
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path}: not valid JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    /// <summary>A number at a path of property names, or NaN when absent or null.</summary>
    public double Number(params string[] path)
    {
        var e = Root;
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return double.NaN;
            }
        }

        return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
    }

    /// <summary>A string at a path of property names, or null.</summary>
    public string? Text(params string[] path)
    {
        var e = Root;
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    /// <summary>The bottleneck shares by pool (and "overall"), in file order.</summary>
    public IReadOnlyList<(string Pool, IReadOnlyList<(string Resource, double Share)> Shares)> Bottlenecks()
    {
        var result = new List<(string, IReadOnlyList<(string, double)>)>();
        if (!Root.TryGetProperty("bottleneck", out var bottleneck) || bottleneck.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var pool in bottleneck.EnumerateObject())
        {
            var shares = pool.Value.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .Select(p => (p.Name, p.Value.GetDouble()))
                .ToList();
            result.Add((pool.Name, shares));
        }

        return result;
    }

    /// <summary>Dropped requests by reason.</summary>
    public IReadOnlyList<(string Reason, long Count)> DropsByReason()
    {
        if (!Root.TryGetProperty("requests", out var requests) || !requests.TryGetProperty("dropped_by_reason", out var drops) || drops.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return drops.EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())).ToList();
    }

    /// <inheritdoc />
    public void Dispose() => Document.Dispose();
}
