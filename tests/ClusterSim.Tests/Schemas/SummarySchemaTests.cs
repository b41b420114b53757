using System.Text.Json.Nodes;
using ClusterSim.RunFolders;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.Schemas;

/// <summary>
/// A fresh run's summary.json, as the run folder writer commits it, passes scenarios/schemas/summary.schema.json. The
/// schema refuses keys it does not list, so a field added to the writer without the schema fails here too; the runs
/// cover the blocks written only sometimes (MoE experts, faults, KV transfers, the closed-loop benchmark).
/// </summary>
public sealed class SummarySchemaTests
{
    // Two short runs of small deployments: a disaggregated Llama with a straggler, a closed loop of DeepSeek-V3 clients.
    private const string Disaggregated = """
        name: schema-disaggregated
        seed: 3
        model: { config: llama-3-70b, precision: { weights: fp8, kv_cache: fp8 } }
        hardware: h100
        cluster: { nodes: 2, accelerators_per_node: 8 }
        deployment:
          mode: disaggregated
          prefill: { accelerators_per_instance: 8, attention: { tp: 8 } }
          decode: { accelerators_per_instance: 8, attention: { tp: 8 } }
        workload: { rate_per_s: 4, input_tokens: 1000, output_tokens: 50, duration: 4 s }
        slo: { ttft_ms: 1000 }
        simulation: { duration: 4 s, warmup: 1 s, drain_limit: 60 s }
        faults:
          - { kind: straggler, pool: decode, accelerator: 1, speed_factor: 0.5, start: 1 s, end: 2 s }
        """;

    private static string ClosedLoop => TestScenarios.DeepSeekDeployment("schema-closed-loop", 64) + """
        workload: { arrival: closed, concurrency: 8, requests: 16, input_tokens: 500, output_tokens: 20 }
        experts: { routing: { distribution: zipf, s: 1.1 }, placement: eplb }
        """;

    public static TheoryData<string> Runs() => ["default", "disaggregated", "closed-loop", "calibrated"];

    [Theory]
    [MemberData(nameof(Runs))]
    public void A_fresh_summary_passes_the_schema(string run)
    {
        var summary = Summary(run);

        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Summary, summary));
        var expected = run switch
        {
            "disaggregated" => "kv_transfer",
            "closed-loop" => "benchmark",
            "calibrated" => "calibration",
            _ => "pools",
        };
        Assert.True(summary[expected] is not null, $"the {run} run was meant to write {expected}");
    }

    [Fact]
    public void A_field_the_schema_does_not_list_fails_it()
    {
        var summary = Summary("default");
        summary["requests"]!.AsObject()["retried"] = 3;

        Assert.Contains(SchemaFiles.Errors(SchemaFiles.Summary, summary), e => e.Contains("/requests", StringComparison.Ordinal));
    }

    private static JsonObject Summary(string run)
    {
        var scenario = run switch
        {
            "disaggregated" => TestScenarios.Parse(Disaggregated),
            "closed-loop" => TestScenarios.Parse(ClosedLoop),
            "calibrated" => Telemetry.ShortRun.Scenario(4) with { Calibration = CalibrationOverlay.Parse("overlay.yaml", "values:\n  host_overhead_per_step: { value: 2 ms, source: \"calibrated: m.json, 2026-12-03, held-out error 3 %\" }\n") },
            _ => Telemetry.ShortRun.Scenario(4),
        };
        var files = new MemoryFileStore();
        using (var writer = new RunFolderWriter(files, scenario.Outputs))
        {
            writer.Finish(ScenarioRunner.Run(scenario.Plan(), writer.Outputs, NullLogger.Instance));
        }

        return JsonNode.Parse(files.ReadText(RunFolderLayout.Summary))!.AsObject();
    }
}
