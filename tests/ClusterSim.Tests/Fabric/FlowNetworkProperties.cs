using ClusterSim.Engine;
using ClusterSim.Fabric;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ClusterSim.Tests.Fabric.FabricTestNetworks;

namespace ClusterSim.Tests.Fabric;

public sealed class FlowNetworkProperties
{
    [Property(MaxTest = 60)]
    public Property Every_flow_finishes_and_rates_never_exceed_link_capacity(int seed)
    {
        var topology = new FabricTopology(H800(2, oversubscription: 3));
        var network = new FlowNetwork(topology, LinkModel.FairShare);
        var stream = ClusterSim.Engine.Random.RandomStream.ForComponent((ulong)seed, "fabric-property");
        var live = new List<(FlowId Id, int[] Path)>();
        var sink = new CompletedFlowList();
        var started = stream.NextInt(5, 120);
        var violations = 0;
        for (var i = 0; i < started; i++)
        {
            var path = topology.PathArray(stream.NextInt(16), stream.NextInt(16));
            live.Add((network.Start(network.Now, path, Math.Round(stream.Uniform(0, 5e6)), i), path));
            if (stream.NextDouble() < 0.3 && network.NextEventTime != SimTime.MaxValue)
            {
                violations += CheckCapacities(network, topology, live);
                network.AdvanceTo(network.NextEventTime, sink);
            }
        }

        var events = 0;
        while (network.NextEventTime != SimTime.MaxValue && events++ < 100_000)
        {
            violations += CheckCapacities(network, topology, live);
            network.AdvanceTo(network.NextEventTime, sink);
        }

        return (violations == 0 && sink.Flows.Count == started && network.ActiveFlowCount == 0)
            .Label($"violations {violations}, finished {sink.Flows.Count} of {started}");
    }

    private static int CheckCapacities(FlowNetwork network, FabricTopology topology, List<(FlowId Id, int[] Path)> flows)
    {
        var sums = new double[topology.Links.Count];
        foreach (var (id, path) in flows)
        {
            var rate = network.Rate(id);
            foreach (var link in path)
            {
                sums[link] += rate;
            }
        }

        var violations = 0;
        for (var link = 0; link < sums.Length; link++)
        {
            if (sums[link] > topology.Links.BytesPerSecond(link) * (1 + 1e-9))
            {
                violations++;
            }
        }

        return violations;
    }
}

public sealed class IncrementalSolverProperties
{
    // The incremental solver (component-limited, lazily batched) must give the rates a from-scratch
    // progressive filling gives over all flows sending now.
    [Property(MaxTest = 40)]
    public Property Incremental_rates_equal_a_from_scratch_max_min_solution(int seed)
    {
        var topology = new FabricTopology(H800(3, oversubscription: 2));
        var network = new FlowNetwork(topology, LinkModel.FairShare);
        var stream = ClusterSim.Engine.Random.RandomStream.ForComponent((ulong)seed, "fabric-incremental");
        var flows = new List<(FlowId Id, int[] Path)>();
        var sink = new CompletedFlowList();
        var worst = 0.0;
        for (var step = 0; step < 60; step++)
        {
            var starts = stream.NextInt(0, 6);
            for (var i = 0; i < starts; i++)
            {
                var path = topology.PathArray(stream.NextInt(24), stream.NextInt(24));
                flows.Add((network.Start(network.Now, path, Math.Round(stream.Uniform(1e4, 4e6)), 0), path));
            }

            if (network.NextEventTime != SimTime.MaxValue)
            {
                network.AdvanceTo(network.NextEventTime, sink);
            }

            flows.RemoveAll(f => !network.IsLive(f.Id));
            worst = Math.Max(worst, WorstRelativeError(network, topology, flows));
        }

        return (worst < 1e-9).Label($"worst relative rate error {worst}");
    }

    // Churn as collectives and the benchmark make it: every completion is answered at the same instant by new
    // flows, and now and then a link is degraded. The solver that fixes flows below the changed levels must give
    // exactly the rates of the one that refills the whole component, and both the from-scratch solution.
    [Property(MaxTest = 25)]
    public Property Rates_fixed_below_the_changed_levels_equal_a_full_refill_under_churn(int seed)
    {
        var topology = new FabricTopology(H800(3, oversubscription: 2));
        var pruned = new FlowNetwork(topology, LinkModel.FairShare);
        var full = new FlowNetwork(topology, LinkModel.FairShare) { PruneBelowChangedRates = false };
        var stream = ClusterSim.Engine.Random.RandomStream.ForComponent((ulong)seed, "fabric-churn");
        var flows = new List<(FlowId Pruned, FlowId Full, int[] Path)>();
        var bandwidth = Enumerable.Range(0, topology.Links.Count).Select(topology.Links.BytesPerSecond).ToArray();
        var sinkPruned = new CompletedFlowList();
        var sinkFull = new CompletedFlowList();
        void StartRandom()
        {
            var path = topology.PathArray(stream.NextInt(24), stream.NextInt(24));
            var bytes = Math.Round(stream.Uniform(1e4, 4e6));
            flows.Add((pruned.Start(pruned.Now, path, bytes, 0), full.Start(full.Now, path, bytes, 0), path));
        }

        for (var i = 0; i < 40; i++)
        {
            StartRandom();
        }

        var worst = 0.0;
        for (var step = 0; step < 80 && pruned.NextEventTime != SimTime.MaxValue; step++)
        {
            var t = pruned.NextEventTime;
            sinkPruned.Flows.Clear();
            sinkFull.Flows.Clear();
            pruned.AdvanceTo(t, sinkPruned);
            full.AdvanceTo(t, sinkFull);
            if (sinkPruned.Flows.Count != sinkFull.Flows.Count)
            {
                return false.Label($"step {step}: {sinkPruned.Flows.Count} completions against {sinkFull.Flows.Count}");
            }

            foreach (var _ in sinkPruned.Flows)
            {
                StartRandom();
            }

            if (stream.NextDouble() < 0.1)
            {
                var link = stream.NextInt(topology.Links.Count);
                bandwidth[link] = topology.Links.BytesPerSecond(link) * stream.Uniform(0.2, 1.0);
                pruned.SetLinkBandwidth(t, link, bandwidth[link]);
                full.SetLinkBandwidth(t, link, bandwidth[link]);
            }

            flows.RemoveAll(f => !pruned.IsLive(f.Pruned));
            var sending = flows.Where(f => pruned.Rate(f.Pruned) > 0).ToList();
            var reference = ReferenceMaxMin(bandwidth, sending.Select(f => f.Path).ToList());
            for (var i = 0; i < sending.Count; i++)
            {
                worst = Math.Max(worst, Math.Abs(pruned.Rate(sending[i].Pruned) - reference[i]) / reference[i]);
                worst = Math.Max(worst, Math.Abs(full.Rate(sending[i].Full) - reference[i]) / reference[i]);
            }
        }

        return (worst < 1e-9).Label($"worst relative rate error {worst}");
    }

    private static double WorstRelativeError(FlowNetwork network, FabricTopology topology, List<(FlowId Id, int[] Path)> flows)
    {
        var sending = flows.Where(f => network.Rate(f.Id) > 0 || f.Path.Length == 0).Where(f => f.Path.Length > 0).ToList();
        var reference = ReferenceMaxMin(topology, sending.Select(f => f.Path).ToList());
        var worst = 0.0;
        for (var i = 0; i < sending.Count; i++)
        {
            var rate = network.Rate(sending[i].Id);
            worst = Math.Max(worst, Math.Abs(rate - reference[i]) / reference[i]);
        }

        return worst;
    }

    // Textbook progressive filling: repeatedly find the link with the smallest equal share among its
    // unfrozen flows, freeze them at that share, subtract, repeat.
    private static double[] ReferenceMaxMin(FabricTopology topology, List<int[]> paths) =>
        ReferenceMaxMin(Enumerable.Range(0, topology.Links.Count).Select(topology.Links.BytesPerSecond).ToArray(), paths);

    private static double[] ReferenceMaxMin(double[] bandwidth, List<int[]> paths)
    {
        var capacity = (double[])bandwidth.Clone();
        var rates = new double[paths.Count];
        var frozen = new bool[paths.Count];
        while (frozen.Any(f => !f))
        {
            var bestLink = -1;
            var bestShare = double.PositiveInfinity;
            for (var link = 0; link < capacity.Length; link++)
            {
                var users = Enumerable.Range(0, paths.Count).Count(i => !frozen[i] && paths[i].Contains(link));
                if (users > 0 && capacity[link] / users < bestShare)
                {
                    bestShare = capacity[link] / users;
                    bestLink = link;
                }
            }

            for (var i = 0; i < paths.Count; i++)
            {
                if (!frozen[i] && paths[i].Contains(bestLink))
                {
                    frozen[i] = true;
                    rates[i] = bestShare;
                    foreach (var link in paths[i])
                    {
                        capacity[link] -= bestShare;
                    }
                }
            }
        }

        return rates;
    }
}
