using System.Globalization;
using ClusterSim.Serving;
using ClusterSim.Workloads;

namespace ClusterSim.Planning;

/// <summary>
/// Warnings, found before simulating, about requests that cannot fit one attention rank's KV cache: a prompt that
/// needs more blocks than a rank has is dropped at the head of its queue, so when even the shortest request is too
/// long every request is dropped and the run reports no latency at all. Only synthetic length distributions have
/// bounds known without reading a file; traces and empirical lengths are not checked.
/// </summary>
public static class KvFitCheck
{
    /// <summary>The warnings for <paramref name="plan"/>: one line each, naming the workload key and the pool; empty when every request fits.</summary>
    public static IReadOnlyList<string> Warnings(DeploymentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Scenario.Workload is not SyntheticWorkloadSpec synthetic)
        {
            return [];
        }

        var (inputMin, inputMax) = Bounds(synthetic.InputTokens);
        var (outputMin, outputMax) = Bounds(synthetic.OutputTokens);
        if (inputMin is null || outputMin is null)
        {
            return [];
        }

        var warnings = new List<string>();
        foreach (var pool in plan.Pools)
        {
            var capacity = pool.Memory.KvTokensPerRank(pool.Section.KvBlockTokens);

            // A prefill instance holds the prompt only (plus its first token); every other role holds the whole request.
            var holdsOutput = pool.Role != InstanceRole.Prefill;
            var shortest = inputMin.Value + (holdsOutput ? outputMin.Value : 1);
            long? longest = inputMax is { } i && outputMax is { } o ? i + (holdsOutput ? o : 1) : null;
            var where = $"pool '{pool.Section.Name}' holds {N(capacity)} KV tokens per attention rank";
            if (shortest > capacity)
            {
                warnings.Add($"workload.input_tokens: no request can ever fit the KV cache: the shortest possible request needs {N(shortest)} tokens and {where}; every request will be dropped");
            }
            else if (longest > capacity)
            {
                warnings.Add($"workload.input_tokens: the longest possible request needs {N(longest.Value)} tokens and {where}; requests that long are dropped or preempted");
            }
        }

        return warnings;
    }

    /// <summary>Smallest and largest length a distribution can draw; null where unknown (empirical) or unbounded.</summary>
    internal static (long? Min, long? Max) Bounds(LengthDistributionSpec spec) => spec.Distribution switch
    {
        LengthDistributionKind.Fixed => (spec.Value, spec.Value),
        LengthDistributionKind.Empirical => (null, null),
        _ => (spec.Min ?? 1, spec.Max),
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
