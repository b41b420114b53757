using System.Globalization;
using System.Text.Json;
using ClusterSim.Engine.Random;
using ClusterSim.Measurements;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.Calibration;

/// <summary>
/// Synthetic "measurements": a scenario simulated by ClusterSim with known parameter values (a calibration overlay),
/// each request's TTFT and decode time multiplied by log-normal noise, written as vLLM's benchmark_serving.py
/// --save-result JSON (the keys the vLLM reader needs plus the per-request arrays, max_concurrency and num_prompts).
/// </summary>
internal static class SyntheticMeasurements
{
    /// <summary>Simulates <paramref name="scenario"/> under <paramref name="truth"/> and writes the noisy result to <paramref name="path"/>.</summary>
    public static void WriteVllm(string path, Scenario scenario, CalibrationOverlay truth, double noiseSigma, ulong noiseSeed)
    {
        var plan = DeploymentPlanner.Resolve(scenario with { Calibration = truth }, TestCatalog.Repository);
        var predicted = PredictedRun.Simulate(plan, NullLogger.Instance);
        var noise = new RandomStream(noiseSeed);
        var requests = predicted.Requests.Where(r => r.Succeeded).Select(r =>
        {
            var ttft = r.TtftMs!.Value * noise.LogNormal(0, noiseSigma);
            var decode = (r.E2eMs!.Value - r.TtftMs.Value) * noise.LogNormal(0, noiseSigma);
            return (Start: r.ArrivalSeconds!.Value, r.InputTokens, r.OutputTokens, TtftS: ttft / 1e3, LatencyS: (ttft + decode) / 1e3);
        }).ToArray();
        var duration = requests.Max(r => r.Start + r.LatencyS) - requests.Min(r => r.Start);
        var concurrency = ((ClusterSim.Workloads.ClosedLoopWorkloadSpec)scenario.Workload).Concurrency;

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("synthetic", "SYNTHETIC: simulated by ClusterSim with known parameters plus noise; not a measurement");
        json.WriteString("request_rate", "inf");
        json.WriteNumber("max_concurrency", concurrency);
        json.WriteNumber("num_prompts", requests.Length);
        json.WriteNumber("duration", duration);
        json.WriteNumber("completed", requests.Length);
        json.WriteNumber("total_input_tokens", requests.Sum(r => r.InputTokens));
        json.WriteNumber("total_output_tokens", requests.Sum(r => r.OutputTokens));
        json.WriteNumber("output_throughput", requests.Sum(r => r.OutputTokens) / duration);
        Array(json, "input_lens", requests.Select(r => (double)r.InputTokens));
        Array(json, "output_lens", requests.Select(r => (double)r.OutputTokens));
        Array(json, "ttfts", requests.Select(r => r.TtftS));
        Array(json, "latencies", requests.Select(r => r.LatencyS));
        Array(json, "start_times", requests.Select(r => r.Start));
        json.WriteStartArray("errors");
        foreach (var _ in requests)
        {
            json.WriteStringValue(string.Empty);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Array(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(Math.Round(v, 9));
        }

        json.WriteEndArray();
    }

    /// <summary>Invariant text of a number.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
