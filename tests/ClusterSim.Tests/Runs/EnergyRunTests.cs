using System.Text.Json;
using ClusterSim.Runs;
using ClusterSim.Tests.Serving;

namespace ClusterSim.Tests.Runs;

/// <summary>A run's energy block against the power model written out by hand from the run's own step totals.</summary>
public sealed class EnergyRunTests
{
    // One H200 (idle 140 W, full load 700 W in h200.yaml), one request of 1,000 input and 6 output tokens.
    private const string Yaml = """
        name: single
        seed: 3
        model: { config: llama-3-70b, precision: { weights: fp8 } }
        hardware: h200
        cluster: { nodes: 1, accelerators_per_node: 1 }
        deployment:
          serving: { accelerators_per_instance: 1, max_batch_tokens: 4096, max_running_requests: 8 }
        workload:
          arrival: constant
          rate_per_s: 1
          input_tokens: 1000
          output_tokens: 6
          requests: 1
        simulation: { duration: 60 s }
        """;

    [Fact]
    public void One_request_on_one_gpu_costs_idle_power_plus_the_weighted_span_over_its_steps()
    {
        var result = TestScenarios.Run(TestScenarios.Parse(Yaml + "\ncost: { gpu_hour_usd: 3, power_usd_per_kwh: 0.2, pue: 1.2 }\n"));
        var stats = result.Metrics.Pools["serving"];
        Assert.True(stats.ComputeBoundNs > 0 && stats.MemoryBoundNs > 0, "the prefill step is compute-bound and the decode steps HBM-bound");
        var seconds = result.SimulatedSeconds;
        Assert.True(stats.BusyNs / 1e9 < seconds, "the GPU idles between the steps' end and the run's end");

        // P(t) = 140 W + (700 - 140) W × activity; activities 1.0 compute, 0.3 HBM, 0.3 communication, 0.1 waiting.
        var active = ((1.0 * stats.ComputeBoundNs) + (0.3 * stats.MemoryBoundNs) + (0.3 * stats.CommunicationNs) + (0.1 * stats.ImbalanceNs)) / 1e9;
        var joules = (140 * seconds) + (560 * active);
        var energy = result.Energy!;
        Assert.Equal(joules, energy.Overall.EnergyJoules, 6);
        Assert.Equal(joules / seconds, energy.Overall.MeanPowerPerGpuWatts, 6);

        // Per token at the window's output rate, as summary.json's throughput: facility watts over tokens per second.
        var rate = result.Metrics.WindowOutputTokens / result.Metrics.WindowSeconds;
        Assert.Equal(6 / 60.0, rate, 9);
        Assert.Equal(joules / seconds * 1.2 / rate, energy.Overall.JoulesPerOutputToken!.Value, 6);
        var usdPerSecond = (3.0 / 3600) + (joules / seconds * 1.2 / 1000 * 0.2 / 3600);
        Assert.Equal(usdPerSecond / rate * 1e6, energy.Overall.UsdPerMillionOutputTokens!.Value, 6);
        Assert.Equal(energy.Overall with { Name = "serving" }, Assert.Single(energy.Pools));
    }

    [Fact]
    public void Summary_json_carries_the_energy_block_with_the_hardware_defaults()
    {
        var result = TestScenarios.Run(TestScenarios.Parse(Yaml));
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, result);
        using var summary = JsonDocument.Parse(stream.ToArray());
        var block = summary.RootElement.GetProperty("energy");
        Assert.Equal(1.58, block.GetProperty("pue").GetDouble());
        Assert.Equal(0.0806, block.GetProperty("power_usd_per_kwh").GetDouble());
        Assert.Equal(4.00, block.GetProperty("gpu_hour_usd").GetDouble()); // h200.yaml's price
        var overall = block.GetProperty("overall");
        Assert.Equal(Math.Round(result.Energy!.Overall.MeanPowerPerGpuWatts, 6), overall.GetProperty("mean_power_per_gpu_w").GetDouble());
        Assert.True(block.TryGetProperty("serving", out _));
        Assert.False(summary.RootElement.GetProperty("resolved_scenario").TryGetProperty("cost", out _), "no cost section, no echo");
    }
}
