namespace ClusterSim.Regression;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection
{
    /// <summary>Lower is better (latencies, drops, preemptions): an increase is a regression.</summary>
    LowerIsBetter,

    /// <summary>Higher is better (throughput, goodput, attainment): a decrease is a regression.</summary>
    HigherIsBetter,
}

/// <summary>A summary.json metric that compare reports, by its dotted path, with the direction in which it improves.</summary>
/// <param name="Path">Dotted path in summary.json, e.g. <c>latency_ms.ttft.p99</c>.</param>
/// <param name="Direction">Which way is better.</param>
public sealed record ComparedMetric(string Path, MetricDirection Direction);

/// <summary>The metrics compare knows, their short aliases, and the default gates.</summary>
public static class ComparedMetrics
{
    private static readonly string[] LatencyKinds = ["ttft", "tpot", "itl", "e2e", "queue"];
    private static readonly string[] Percentiles = ["p50", "p90", "p99"];
    private static readonly string[] Throughputs =
        ["input_tokens_per_s", "output_tokens_per_s", "output_tokens_per_s_per_gpu", "output_tokens_per_s_per_node", "requests_per_s"];

    /// <summary>Every compared metric, in report order.</summary>
    public static IReadOnlyList<ComparedMetric> All { get; } = Build();

    /// <summary>
    /// Gates applied when compare is given none (percent of the baseline, in the worse direction): TTFT and TPOT
    /// p50 and p99 and end-to-end p99 may rise 5 %; output throughput, goodput and SLO attainment may fall 2 %;
    /// dropped requests may rise 5 % (from zero, any drop fails).
    /// </summary>
    public static IReadOnlyList<MetricGate> DefaultGates { get; } =
    [
        new("latency_ms.ttft.p50", 5),
        new("latency_ms.ttft.p99", 5),
        new("latency_ms.tpot.p50", 5),
        new("latency_ms.tpot.p99", 5),
        new("latency_ms.e2e.p99", 5),
        new("throughput.output_tokens_per_s", 2),
        new("goodput_rps", 2),
        new("slo_attainment", 2),
        new("requests.dropped", 5),
    ];

    /// <summary>Finds a metric by its path or an alias (ttft_p99, throughput_per_gpu, goodput, dropped...); null when unknown.</summary>
    public static ComparedMetric? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = Canonical(name.Trim());
        return All.FirstOrDefault(m => string.Equals(m.Path, path, StringComparison.Ordinal));
    }

    /// <summary>The names accepted, for error messages: every path, then the aliases.</summary>
    public static string AcceptedNames =>
        string.Join(", ", All.Select(m => m.Path))
        + "; aliases: ttft_p99 (any latency_p50/p90/p99), throughput, throughput_per_gpu, throughput_per_node, requests_per_s, goodput, attainment, dropped, preempted";

    private static string Canonical(string name)
    {
        switch (name)
        {
            case "throughput":
                return "throughput.output_tokens_per_s";
            case "throughput_per_gpu":
                return "throughput.output_tokens_per_s_per_gpu";
            case "throughput_per_node":
                return "throughput.output_tokens_per_s_per_node";
            case "goodput":
                return "goodput_rps";
            case "attainment":
                return "slo_attainment";
            case "dropped":
            case "preempted":
                return "requests." + name;
        }

        if (Throughputs.Contains(name))
        {
            return "throughput." + name;
        }

        var underscore = name.LastIndexOf('_');
        if (underscore > 0 && LatencyKinds.Contains(name[..underscore]) && Percentiles.Contains(name[(underscore + 1)..]))
        {
            return $"latency_ms.{name[..underscore]}.{name[(underscore + 1)..]}";
        }

        return name;
    }

    private static List<ComparedMetric> Build()
    {
        var all = new List<ComparedMetric>();
        foreach (var kind in LatencyKinds)
        {
            foreach (var p in Percentiles)
            {
                all.Add(new ComparedMetric($"latency_ms.{kind}.{p}", MetricDirection.LowerIsBetter));
            }
        }

        foreach (var t in Throughputs)
        {
            all.Add(new ComparedMetric("throughput." + t, MetricDirection.HigherIsBetter));
        }

        all.Add(new ComparedMetric("goodput_rps", MetricDirection.HigherIsBetter));
        all.Add(new ComparedMetric("slo_attainment", MetricDirection.HigherIsBetter));
        all.Add(new ComparedMetric("requests.dropped", MetricDirection.LowerIsBetter));
        all.Add(new ComparedMetric("requests.preempted", MetricDirection.LowerIsBetter));
        return all;
    }
}

/// <summary>A tolerance gate: the metric may move at most <paramref name="TolerancePercent"/> percent of the baseline in its worse direction.</summary>
/// <param name="Metric">Metric path (canonical, see <see cref="ComparedMetrics"/>).</param>
/// <param name="TolerancePercent">Allowed worsening in percent of the baseline value.</param>
public sealed record MetricGate(string Metric, double TolerancePercent);
