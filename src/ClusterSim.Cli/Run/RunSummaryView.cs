using System.Globalization;
using ClusterSim.Cli.Rendering;
using ClusterSim.Runs;
using ClusterSim.Telemetry;
using Spectre.Console;

namespace ClusterSim.Cli.Run;

/// <summary>The console summary of a run: the numbers an inference team looks at first, and where the time went.</summary>
public static class RunSummaryView
{
    /// <summary>Renders the summary tables to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, RunResult result, string folder)
    {
        var m = result.Metrics;
        var window = m.WindowSeconds;
        var outputPerS = window > 0 ? m.WindowOutputTokens / window : 0;
        string F(double v, string format = "0.##") => v.ToString(format, CultureInfo.InvariantCulture);
        var rows = new List<KeyValuePair<string, string>>
        {
            new("requests", $"{m.Arrived} arrived, {m.Completed} completed, {m.Dropped} dropped, {m.Preemptions} preemptions"),
            new("output tokens/s", $"{F(outputPerS, "0")} total, {F(outputPerS / result.Accelerators, "0.#")} per GPU"),
            new("goodput", $"{F(window > 0 ? m.WindowGoodRequests / window : 0)} req/s meeting SLOs"),
        };
        if (result.Benchmark is { } b)
        {
            // A closed loop reads like a harness report: tokens over the makespan, per GPU and per user.
            rows.Add(new($"benchmark (concurrency {b.Concurrency})", $"{F(b.OutputTokensPerSecond, "0")} output tokens/s, {F(b.OutputTokensPerSecondPerGpu, "0.#")} per GPU, {F(b.OutputTokensPerSecondPerUser, "0.#")} per user, {F(b.TotalTokensPerSecond, "0")} input + output tokens/s; {F(b.RequestsPerSecond)} req/s over a {F(b.MakespanSeconds, "0.##")} s makespan"));
        }

        foreach (var (name, sketch) in new[] { ("TTFT ms", m.Ttft), ("TPOT ms", m.Tpot), ("E2E ms", m.E2e) })
        {
            var l = LatencySummary.From(sketch);
            // TPOT needs a second output token: a prefill-only run (one output token each) completes requests without it.
            var absent = m.Completed > 0 && name == "TPOT ms" ? "absent: no completed request had a second output token" : "absent: no request completed";
            rows.Add(l.IsEmpty ? new(name, absent) : new(name, $"mean {F(l.Mean, "0.#")}  p50 {F(l.P50, "0.#")}  p90 {F(l.P90, "0.#")}  p99 {F(l.P99, "0.#")}"));
        }

        if (result.Energy is { } energy)
        {
            // Per-token figures at the window's output rate; the run's mean power includes warm-up and drain (docs/modeling.md).
            var o = energy.Overall;
            var perToken = o.JoulesPerOutputToken is { } j ? $"{F(j, "0.###")} J per output token" : "no output tokens in the window";
            var dollars = o.UsdPerMillionOutputTokens is { } usd ? $", ${F(usd, "0.###")} per million output tokens" : string.Empty;
            rows.Add(new("energy", $"{F(o.MeanPowerPerGpuWatts, "0")} W mean per GPU, {perToken}{dollars} (PUE {F(energy.Pue)}, ${F(energy.PowerUsdPerKwh, "0.####")}/kWh)"));
        }

        rows.Add(new("KV cache peak", F(result.Pools.Max(p => p.KvPeakUtilization) * 100, "0.#") + " %"));
        foreach (var pool in m.Pools.Values.OrderBy(p => p.Pool, StringComparer.Ordinal))
        {
            var perGpu = pool.Pool != "prefill" && window > 0 ? $"{F(outputPerS / pool.Accelerators, "0")} output tokens/s per GPU; " : string.Empty;
            var communication = result.Pools.FirstOrDefault(p => p.Name == pool.Pool)?.Communication ?? Serving.CommunicationCosts.None;
            rows.Add(new($"{pool.Pool} pool ({pool.Accelerators} GPUs)", perGpu + Bottleneck.Sentence(pool, communication.Collective, result.SimulatedSeconds * 1e9)));
        }

        rows.Add(new("simulation", $"{result.Events:N0} events, {F(result.SimulatedSeconds, "0.#")} s simulated in {F(result.WallSeconds)} s wall"));
        rows.Add(new("run folder", folder));
        console.Write(SummaryTable.KeyValue(result.Scenario.Name, rows));
    }
}
