using System.Text.Json;
using ClusterSim.Sweeps;

namespace ClusterSim.Tests.Sweeps;

public sealed class SweepTableTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-sweep-table-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Flatten_names_leaves_by_path_and_pool_name_and_skips_wall_clock_figures()
    {
        using var summary = JsonDocument.Parse("""
            { "schema_version": 1, "scenario_name": "s", "partial": false, "goodput_rps": 2.5,
              "slo": { "ttft_ms": null, "tpot_ms": 50 },
              "pools": [ { "name": "decode", "steps": 7 } ],
              "simulation": { "wall_seconds": 3.2 }, "resolved_scenario": { "seed": 1 } }
            """);

        var leaves = SummaryFlattener.Flatten(summary.RootElement);

        Assert.Equal(
            [new("goodput_rps", "2.5"), new("slo.ttft_ms", ""), new("slo.tpot_ms", "50"), new("pools.decode.steps", "7")],
            leaves);
    }

    [Fact]
    public void Read_derives_expert_intensity_as_2R_over_b()
    {
        var point = WritePoint(0, "8", tokensPerExpert: 48.5, bytesPerElement: 1);

        var row = SweepRow.Read(point);

        // R = 48.5 tokens per expert, FP8 weights b = 1 byte: 2 × 48.5 / 1 = 97 FLOP per weight byte.
        Assert.Equal(97, row.Number("pools.decode.expert_intensity"));
        Assert.Equal(412.3, row.Number("ridge_point"));
    }

    [Fact]
    public void ToCsv_orders_rows_by_point_and_takes_the_union_of_columns()
    {
        var parameters = new[] { new SweepParameter("ep", ["8", "16"]) };
        var rows = new[]
        {
            SweepRow.Read(WritePoint(1, "16", tokensPerExpert: 10, bytesPerElement: 2, extra: "\"dropped_by_reason\": { \"kv\": 3 },")),
            SweepRow.Read(WritePoint(0, "8", tokensPerExpert: 5, bytesPerElement: 2)),
        };

        var lines = SweepTable.ToCsv(parameters, rows).Split('\n');

        // BF16 weights b = 2: point 0 intensity 2 × 5 / 2 = 5, point 1 2 × 10 / 2 = 10.
        Assert.Equal("point,id,ep,goodput_rps,pools.decode.tokens_per_expert,pools.decode.expert_intensity,ridge_point,dropped_by_reason.kv", lines[0]);
        Assert.StartsWith("0,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",8,1.5,5,5,412.3,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",16,1.5,10,10,412.3,3", lines[2], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[3]);
    }

    [Fact]
    public void IsComplete_is_false_for_a_partial_summary_or_a_missing_manifest()
    {
        var point = WritePoint(0, "8", tokensPerExpert: 1, bytesPerElement: 1);
        Assert.True(SweepRow.IsComplete(point));

        File.WriteAllText(Path.Combine(point, "summary.json"), "{ \"partial\": true }");
        Assert.False(SweepRow.IsComplete(point));

        var other = WritePoint(1, "16", tokensPerExpert: 1, bytesPerElement: 1);
        File.Delete(Path.Combine(other, PointManifest.FileName));
        Assert.False(SweepRow.IsComplete(other));
    }

    private string WritePoint(int index, string ep, double tokensPerExpert, double bytesPerElement, string extra = "")
    {
        var point = new SweepPoint(index, [new SweepSetting("ep", ep)]);
        var path = Path.Combine(folder, point.FolderName);
        Directory.CreateDirectory(path);
        using (var stream = File.Create(Path.Combine(path, PointManifest.FileName)))
        {
            new PointManifest(point, bytesPerElement, 412.3).Write(stream);
        }

        var tpe = tokensPerExpert.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(
            Path.Combine(path, SweepRow.SummaryFileName),
            "{ \"partial\": false, " + extra + " \"goodput_rps\": 1.5, \"pools\": [ { \"name\": \"decode\", \"tokens_per_expert\": " + tpe + " } ], \"simulation\": { \"wall_seconds\": 9 } }");
        return path;
    }
}
