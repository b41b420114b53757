using System.Diagnostics;
using ClusterSim.Engine;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using ClusterSim.Telemetry;
using ClusterSim.Workloads;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Runs;

/// <summary>
/// Runs a scenario end to end: builds the cluster, streams the workload through it until arrivals stop, drains the
/// requests in flight (up to <c>simulation.drain_limit</c>), and returns the metrics. Deterministic: one seed, one
/// result; wall-clock figures are measurements of the run, never inputs to it.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Simulated time between progress reports and cancellation checks.</summary>
    private static readonly SimDuration Slice = SimDuration.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="plan"/>, streaming finished requests to <paramref name="sink"/> (may be null); policies,
    /// routers and admission come from <paramref name="catalog"/> (the built-in one when null).
    /// </summary>
    public static RunResult Run(
        DeploymentPlan plan,
        IRequestSink? sink,
        ILogger logger,
        IProgress<SimulationProgress>? progress = null,
        CancellationToken cancellationToken = default,
        SchedulerCatalog? catalog = null) =>
        Run(plan, new RequestsOnlyOutputs(sink), logger, progress, cancellationToken, catalog);

    /// <summary>Runs <paramref name="plan"/>, streaming requests, timelines and traces to <paramref name="outputs"/>.</summary>
    /// <returns>
    /// The result; when <paramref name="cancellationToken"/> stopped the run it holds what was measured up to that
    /// point and <see cref="RunResult.Cancelled"/> is true (nothing is thrown).
    /// </returns>
    public static RunResult Run(
        DeploymentPlan plan,
        IRunOutputs outputs,
        ILogger logger,
        IProgress<SimulationProgress>? progress = null,
        CancellationToken cancellationToken = default,
        SchedulerCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outputs);
        var scenario = plan.Scenario;
        var wall = Stopwatch.StartNew();
        var windowStart = SimTime.Zero + scenario.Simulation.Warmup;
        var windowEnd = SimTime.Zero + scenario.Simulation.Duration;
        var metrics = new ServingMetrics(windowStart, windowEnd, scenario.Slo.TtftMs, scenario.Slo.TpotMs, outputs.Requests);
        var observers = new ServingObserverFanout(metrics);
        using var source = RequestSources.Open(scenario.Workload, scenario.Seed, scenario.WorkloadBaseDirectory, logger);
        var built = BuiltCluster.Build(plan, observers, source, catalog ?? new SchedulerCatalog(), logger);
        foreach (var pool in built.Cluster.Pools)
        {
            metrics.AddPool(pool.Name, pool.Instances.Count, pool.Accelerators);
        }

        foreach (var observer in outputs.Attach(RunTopologyFactory.Create(scenario, built)))
        {
            observers.Add(observer);
        }

        var benchmark = scenario.Workload is ClosedLoopWorkloadSpec closed ? new ClosedLoopBenchmark(closed.Concurrency, scenario.Deployment.Accelerators) : null;
        if (benchmark is not null)
        {
            observers.Add(benchmark);
        }

        observers.Add(new RunEventLogger(logger, scenario.Slo.TtftMs, scenario.Slo.TpotMs));
        var clusterEvents = new ClusterEventRecorder();
        if (built.ExpertRouters.Any(pool => pool.Any(router => router.Rebalancing)))
        {
            // Only runs that re-place experts pay for one more observer on every record.
            observers.Add(clusterEvents);
        }

        LogPlan(logger, built);
        var simulation = built.Simulation;
        var faults = new FaultInjector(scenario, built, built.Topology, logger);
        faults.Schedule();
        built.Cluster.Start();
        var end = windowEnd + scenario.Simulation.DrainLimit;
        var cancelled = false;
        try
        {
            while (simulation.PeekTime() is { } next && next < end)
            {
                var until = SimTime.Min(end, SimTime.Max(next, simulation.Now) + Slice);
                simulation.Run(until, cancellationToken);
                progress?.Report(new SimulationProgress(simulation.Now.TotalSeconds, end.TotalSeconds, simulation.ProcessedEvents, windowEnd.TotalSeconds));
                // A closed loop ends when its last request has ended; simulation.duration is only its upper bound.
                if ((simulation.Now >= windowEnd || built.Cluster.ClosedLoopAllSent) && !built.Cluster.HasWorkInFlight)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }

        if (!cancelled)
        {
            var dropped = built.Cluster.DropUnfinished(simulation.Now);
            if (dropped > 0)
            {
                logger.LogWarning("{Dropped} requests were still in flight at the drain limit and are counted as dropped", dropped);
            }

            CheckKvReleased(built);
        }

        if (benchmark is not null && !cancelled)
        {
            // The closed loop's window is its makespan, so the summary's rates agree with its benchmark block.
            metrics.EndWindowAt(benchmark.LastEnd);
        }

        outputs.Complete(simulation.Now);

        var pools = built.Cluster.Pools.Select((pool, i) => PoolResultOf(pool, built.Setups[i], simulation.Now) with { ExpertBalance = ExpertBalanceOf(built, i) }).ToArray();
        wall.Stop();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var accelerators = scenario.Deployment.Accelerators;
        var result = new RunResult(
            scenario,
            metrics,
            pools,
            simulation.ProcessedEvents,
            simulation.Now.TotalSeconds,
            wall.Elapsed.TotalSeconds,
            process.PeakWorkingSet64,
            accelerators,
            (double)accelerators / scenario.Cluster.AcceleratorsPerNode,
            cancelled)
        {
            FaultsStarted = faults.Started,
            FaultRequeues = faults.Requeued,
            FaultsUnreachable = faults.Unreachable,
            Rebalances = clusterEvents.Rebalances,
            KvTransfer = built.Cluster.Transport?.Summarize(),
            Benchmark = benchmark,
            Energy = RunEnergyOf(plan, pools, metrics, simulation.Now.TotalSeconds),
        };
        // A cancelled run is a result, not a failure: the caller writes its partial files and decides the exit code.
        return result;
    }

    /// <summary>
    /// The power model integrated over the run from the pools' step totals; null when any pool's hardware file has no
    /// power figures. An AFD pool's expert ranks use the expert hardware's figures.
    /// </summary>
    private static RunEnergy? RunEnergyOf(DeploymentPlan plan, IReadOnlyList<PoolResult> pools, ServingMetrics metrics, double simulatedSeconds)
    {
        var cost = plan.Scenario.CostOrDefault;
        var inputs = new List<PoolPowerInput>(pools.Count);
        for (var i = 0; i < pools.Count; i++)
        {
            var pool = pools[i];
            var expertHardware = plan.Pools[i].Afd?.ExpertHardware;
            var experts = plan.Pools[i].Afd is { } afd ? pool.Instances * afd.Section.ExpertAccelerators : 0;
            var parts = new List<(Hardware.AcceleratorSpec Spec, int Count)> { (plan.Hardware, pool.Accelerators - experts) };
            if (expertHardware is not null && experts > 0)
            {
                parts.Add((expertHardware, experts));
            }

            double idle = 0, max = 0, usd = 0;
            var priced = true;
            foreach (var (spec, count) in parts)
            {
                if (spec.Power is not { } power)
                {
                    return null;
                }

                idle += power.Idle.Value.Watts * count;
                max += power.BoardMax.Value.Watts * count;
                var price = cost.GpuHourUsd ?? spec.GpuHourUsd?.Value;
                usd += (price ?? 0) * count;
                priced &= price is not null;
            }

            var stats = metrics.Pools[pool.Name];
            inputs.Add(new PoolPowerInput(
                pool.Name, pool.Instances, pool.Accelerators, idle, max, priced ? usd : null,
                stats.ComputeBoundNs, stats.MemoryBoundNs, stats.CommunicationNs, stats.ImbalanceNs));
        }

        var window = metrics.WindowSeconds;
        return EnergyAccounting.Compute(inputs, simulatedSeconds, window > 0 ? metrics.WindowOutputTokens / window : 0, cost);
    }

    /// <summary>
    /// Every request has ended, so every KV block must be back (free, or cached for a prefix): a block still held
    /// is a request that was never released, a bug to fail loudly on rather than a wrong occupancy. Once per run.
    /// </summary>
    private static void CheckKvReleased(BuiltCluster built)
    {
        foreach (var pool in built.Cluster.Pools)
        {
            foreach (var instance in pool.Instances)
            {
                // A lost instance handed its requests back; what its dead ranks still account for is never read.
                if (instance.Failed)
                {
                    continue;
                }

                foreach (var rank in instance.Ranks)
                {
                    if (rank.KvCache.UsedBlocks != 0 || rank.Running.Count != 0)
                    {
                        throw new InvalidOperationException(
                            $"KV cache leak: pool {pool.Name} instance {instance.Index} rank {rank.Index} still holds {rank.KvCache.UsedBlocks} blocks for {rank.Running.Count} running requests after every request ended");
                    }
                }
            }
        }
    }

    private static void LogPlan(ILogger logger, BuiltCluster built)
    {
        foreach (var setup in built.Setups)
        {
            var m = setup.Memory;
            logger.LogInformation(
                "Pool {Pool}: {Instances} instance(s) × {Accelerators} {Hardware}, TP {Tp} DP {Dp} EP {Ep}; per accelerator weights {WeightsGb:0.##} GB, workspace {WorkspaceGb:0.##} GB, KV {KvGb:0.##} GB = {KvTokens} tokens per rank",
                setup.Section.Name,
                setup.Section.Instances,
                setup.Section.AcceleratorsPerInstance,
                built.Hardware.Name,
                setup.Plan.AttentionTensorParallel,
                setup.Plan.AttentionDataParallel,
                setup.Plan.ExpertParallel,
                m.WeightBytes / 1e9,
                m.WorkspaceBytes / 1e9,
                m.KvBytes / 1e9,
                m.KvTokensPerRank(setup.Section.KvBlockTokens));
        }
    }

    /// <summary>The pool's expert placement and re-placement counts summed over its instances; null for a dense model.</summary>
    private static PoolExpertBalance? ExpertBalanceOf(BuiltCluster built, int pool)
    {
        if (pool >= built.ExpertRouters.Count || built.ExpertRouters[pool].Count == 0)
        {
            return null;
        }

        var routers = built.ExpertRouters[pool];
        var total = new Experts.ExpertBalanceStatistics();
        foreach (var router in routers)
        {
            total.Add(router.Statistics);
        }

        return new PoolExpertBalance(routers[0].Placement, routers[0].Rebalancing, total);
    }

    private static PoolResult PoolResultOf(ServingPool pool, PoolPlan setup, SimTime now)
    {
        double peak = 0;
        long lookups = 0, withHit = 0, promptTokens = 0, hitTokens = 0, evictedHash = 0, evicted = 0;
        long busy = 0;
        foreach (var instance in pool.Instances)
        {
            busy += instance.BusyNanoseconds;
            foreach (var rank in instance.Ranks)
            {
                peak = Math.Max(peak, rank.KvCache.PeakUtilization);
                var s = rank.KvCache.Statistics;
                lookups += s.Lookups;
                withHit += s.LookupsWithHit;
                promptTokens += s.PromptTokens;
                hitTokens += s.HitTokens;
                evictedHash += s.EvictedHashBlocks;
                evicted += s.EvictedBlocks;
            }
        }

        var busyFraction = now.Nanoseconds > 0 ? (double)busy / pool.Instances.Count / now.Nanoseconds : 0;
        return new PoolResult(
            pool.Name,
            pool.Instances.Count,
            pool.Accelerators,
            setup.Memory,
            peak,
            new Scheduling.KvCache.PrefixCacheStatistics(lookups, withHit, promptTokens, hitTokens, evictedHash, evicted),
            busyFraction,
            setup.Communication);
    }
}
