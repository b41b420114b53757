using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.Serving;

/// <summary>Small scenarios written inline, run in-process.</summary>
internal static class TestScenarios
{
    /// <summary>DeepSeek-V3 on 16 H200 (EP16, DP16), a short Poisson workload; placeholders for the knobs tests vary.</summary>
    public static string DeepSeekSmall(double ratePerSecond = 8, string duration = "20 s", int maxRunning = 64, int inputMean = 1500, int outputMean = 200, string extra = "") => DeepSeekDeployment("deepseek-small", maxRunning) + $"""
        workload:
          arrival: poisson
          rate_per_s: {ratePerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}
          input_tokens: {"{"} distribution: lognormal, mean: {inputMean}, sigma: 0.8, min: 16, max: 8192 {"}"}
          output_tokens: {"{"} distribution: lognormal, mean: {outputMean}, sigma: 0.8, min: 2, max: 2048 {"}"}
          duration: {duration}
        slo: {"{"} ttft_ms: 2000, tpot_ms: 100 {"}"}
        simulation: {"{"} duration: {duration}, warmup: 2 s {"}"}
        {extra}
        """;

    /// <summary>The name, model, hardware, cluster and deployment of the small DeepSeek scenarios (no workload yet).</summary>
    public static string DeepSeekDeployment(string name, int maxRunning) => $"""
        name: {name}
        seed: 11
        model: {"{"} config: deepseek-v3, precision: {"{"} weights: fp8, dispatch: fp8, combine: bf16 {"}"} {"}"}
        hardware: h200
        cluster: {"{"} nodes: 2, accelerators_per_node: 8 {"}"}
        deployment:
          mode: colocated
          serving:
            accelerators_per_instance: 16
            max_batch_tokens: 4096
            max_running_requests: {maxRunning}

        """;

    /// <summary>
    /// DeepSeek-V3 as one 16-GPU instance on two nodes of 8 (attention DP16), light traffic: the scenario error and SM
    /// sharing tests vary <paramref name="hardware"/>, the <paramref name="experts"/> map's entries and extra pool lines.
    /// </summary>
    public static string DeepSeekTwoNodes(string name = "t", string hardware = "h200", string experts = "ep: 16", string poolLines = "") => $$"""
        name: {{name}}
        seed: 1
        model: deepseek-v3
        hardware: {{hardware}}
        cluster:
          nodes: 2
          accelerators_per_node: 8
        deployment:
          mode: colocated
          serving:
            accelerators_per_instance: 16
            attention: { tp: 1, dp: 16 }
            experts: { {{experts}} }
        {{poolLines}}workload:
          rate_per_s: 2
          input_tokens: 1000
          output_tokens: 100
          duration: 10 s
        """;

    public static Scenario Parse(string yaml, params ScenarioOverride[] overrides) =>
        ScenarioReader.Parse("test.yaml", yaml, Directory.GetCurrentDirectory(), overrides);

    public static RunResult Run(Scenario scenario, IRequestSink? sink = null) =>
        ScenarioRunner.Run(scenario.Plan(), sink, NullLogger.Instance);

    /// <summary>Runs and returns requests.csv as text.</summary>
    public static (RunResult Result, string Csv) RunWithCsv(Scenario scenario)
    {
        using var text = new StringWriter { NewLine = "\n" };
        RunResult result;
        using (var writer = new RequestsCsvWriter(text))
        {
            result = Run(scenario, writer);
            writer.Flush();
        }

        return (result, text.ToString());
    }
}
