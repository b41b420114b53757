using System.Globalization;
using ClusterSim.Analysis;
using ClusterSim.Planning;
using ClusterSim.Workloads;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// The closed-form checks a candidate that resolved into a deployment must still pass before it is worth a capacity
/// search (docs/planning.md, "Pruning"). The planner has already refused what cannot be built (weights and workspace
/// over HBM, EP not dividing the experts, TP not dividing the heads); these refuse what cannot meet the SLOs:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>a rank's KV cache smaller than one request of the workload's nominal mean length (every request would
/// wait for or preempt another);</item>
/// <item>a TPOT lower bound above the TPOT objective: the HBM time of reading the pool's weights for one request per
/// attention rank (Eq. 12 without its communication term, at one token of context), divided by 1 + MTP draft tokens
/// (every draft accepted). Every decode step reads at least that, so no request can meet the objective.</item>
/// </list>
/// </remarks>
public static class CandidatePruner
{
    /// <summary>Why <paramref name="deployment"/> cannot meet <paramref name="tpotMs"/>, or null when it may.</summary>
    public static string? Reason(DeploymentPlan deployment, double tpotMs)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var scenario = deployment.Scenario;
        var nominal = scenario.Workload is SyntheticWorkloadSpec synthetic && NominalMean(synthetic.InputTokens) is { } input && NominalMean(synthetic.OutputTokens) is { } output
            ? input + output
            : (double?)null;
        foreach (var pool in deployment.Pools)
        {
            var kvTokens = pool.Memory.KvTokensPerRank(pool.Section.KvBlockTokens);
            if (nominal is { } context && kvTokens < context)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"KV cache: a {pool.Section.Name} rank holds {kvTokens} tokens, less than one request of the workload's mean length ({context:0} tokens)");
            }
        }

        if (!double.IsFinite(tpotMs))
        {
            return null;
        }

        var decode = deployment.Pools.FirstOrDefault(p => p.Section.Name == "decode") ?? deployment.Pools[0];
        var hardware = deployment.Hardware;
        var machine = new MachineBalance(hardware.PeakFlops(OperatorRoofline.ComputeTypeOn(hardware, deployment.Precision.AttentionWeights.Type)).FlopsPerSecond, hardware.Hbm.Bandwidth.Value.BytesPerSecond);
        var plan = decode.Plan;
        var devices = plan.AttentionDevicesPerStage;
        var bound = TpotBound.ForModel(deployment.Model, machine, devices, plan.AttentionDataParallel, plan.AttentionDataParallel, 1, 1, deployment.Precision);
        var tokensPerStep = 1 + scenario.Scheduler.DraftTokens;
        var boundMs = (bound.WeightReadSeconds + bound.KvAndActivationSeconds) * 1000 / tokensPerStep;
        return boundMs > tpotMs
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"TPOT bound: reading the {decode.Section.Name} pool's weights from HBM for one request per rank takes {boundMs:0.##} ms per token (Eq. 12 without communication{(tokensPerStep > 1 ? ", ÷ " + tokensPerStep + " tokens per MTP step" : string.Empty)}), above the TPOT objective {tpotMs:0.##} ms")
            : null;
    }

    /// <summary>
    /// The kind of a pruning reason, for counts: "memory plan" (weights and workspace over HBM), "KV cache", "TPOT
    /// bound", else the key path the planner named (a parallel plan that does not suit the model).
    /// </summary>
    public static string Kind(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Contains("exceed kv_memory_fraction", StringComparison.Ordinal))
        {
            return "memory plan (weights + workspace over HBM)";
        }

        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var head = colon > 0 ? reason[..colon] : reason;
        return head switch
        {
            "KV cache" => "KV cache (less than one mean request per rank)",
            "TPOT bound" => "TPOT bound (weight reads alone miss the objective)",
            _ => head,
        };
    }

    /// <summary>The mean a length distribution is written with, where it says one (fixed, uniform, lognormal, uniform_ratio); else null.</summary>
    public static double? NominalMean(LengthDistributionSpec lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        return lengths.Distribution switch
        {
            LengthDistributionKind.Fixed => lengths.Value,
            LengthDistributionKind.Uniform when lengths.Min is { } min && lengths.Max is { } max => (min + max) / 2.0,
            LengthDistributionKind.LogNormal when lengths.Mean is { } mean => lengths.Max is { } cap ? Math.Min(mean, cap) : mean,
            LengthDistributionKind.LogNormal when lengths.Median is { } median && lengths.Sigma is { } sigma => median * Math.Exp(sigma * sigma / 2),
            LengthDistributionKind.UniformRatio when lengths.Value is { } value && lengths.Ratio is { } ratio => value * (1 + ratio) / 2,
            _ => null,
        };
    }
}
