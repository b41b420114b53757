namespace ClusterSim.DeploymentSearch;

/// <summary>
/// Enumerates a plan's candidates in a fixed order (hardware, accelerators, mode, prefill:decode split, pools, MTP).
/// Only deployments that tile the budget are candidates: a pool's accelerators must be a whole number of instances
/// (EP divides them), attention TP must divide the instance, an instance wider than a node must be whole nodes, and a
/// prefill:decode split must give each pool whole nodes. Everything else is a candidate, even when it cannot work;
/// the pruner says why it cannot (docs/planning.md).
/// </summary>
public static class CandidateSpace
{
    /// <summary>Every candidate of <paramref name="plan"/>, indexed from 0.</summary>
    public static IReadOnlyList<Candidate> Enumerate(PlanSpec plan) => Lazy(plan).ToArray();

    /// <summary>How many candidates the plan enumerates, counting no further than one past <see cref="PlanReader.MaxCandidates"/>.</summary>
    public static int Count(PlanSpec plan) => Lazy(plan).Take(PlanReader.MaxCandidates + 1).Count();

    private static IEnumerable<Candidate> Lazy(PlanSpec plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var index = 0;
        foreach (var hardware in plan.Hardware)
        {
            foreach (var gpus in plan.Gpus)
            {
                foreach (var mode in plan.Modes)
                {
                    foreach (var pools in Layouts(plan, gpus, mode))
                    {
                        foreach (var mtp in plan.Mtp)
                        {
                            yield return new Candidate(index++, hardware, gpus, mode, pools.Ratio, pools.Pools, mtp);
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<(PoolRatio? Ratio, IReadOnlyList<PoolChoice> Pools)> Layouts(PlanSpec plan, int gpus, PlanMode mode)
    {
        if (mode == PlanMode.Colocated)
        {
            foreach (var serving in Choices("serving", gpus, plan.Serving, plan.AcceleratorsPerNode))
            {
                yield return (null, [serving]);
            }

            yield break;
        }

        foreach (var ratio in plan.Ratios)
        {
            var share = ratio.Prefill + ratio.Decode;
            if ((long)gpus * ratio.Prefill % share != 0)
            {
                continue;
            }

            var prefillGpus = (int)((long)gpus * ratio.Prefill / share);
            var decodeGpus = gpus - prefillGpus;
            if (prefillGpus % plan.AcceleratorsPerNode != 0 || decodeGpus % plan.AcceleratorsPerNode != 0)
            {
                continue;
            }

            var decodes = Choices("decode", decodeGpus, plan.Decode, plan.AcceleratorsPerNode).ToArray();
            foreach (var prefill in Choices("prefill", prefillGpus, plan.Prefill, plan.AcceleratorsPerNode))
            {
                foreach (var decode in decodes)
                {
                    yield return (ratio, [prefill, decode]);
                }
            }
        }
    }

    private static IEnumerable<PoolChoice> Choices(string name, int gpus, PoolSpace space, int perNode)
    {
        foreach (var ep in space.Ep)
        {
            if (gpus % ep != 0 || (ep > perNode && ep % perNode != 0))
            {
                continue;
            }

            foreach (var tp in space.AttentionTp.Where(tp => ep % tp == 0))
            {
                foreach (var redundant in space.Redundant)
                {
                    foreach (var microBatches in space.MicroBatches)
                    {
                        foreach (var cap in space.MaxRunningRequests)
                        {
                            foreach (var allToAll in space.AllToAll)
                            {
                                yield return new PoolChoice(name, gpus, ep, tp, redundant, microBatches, cap, allToAll);
                            }
                        }
                    }
                }
            }
        }
    }
}
