using ClusterSim.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Telemetry;

namespace ClusterSim.Runs;

/// <summary>What a run produced: the metrics, per-pool figures and the run's own cost.</summary>
/// <param name="Scenario">The resolved scenario.</param>
/// <param name="Metrics">Counts, token totals, latency sketches and step statistics.</param>
/// <param name="Pools">Per-pool figures beyond the step statistics.</param>
/// <param name="Events">Engine events processed.</param>
/// <param name="SimulatedSeconds">Simulated time at the end of the run (including the drain).</param>
/// <param name="WallSeconds">Wall-clock seconds the run took (a measurement, not a result).</param>
/// <param name="PeakWorkingSetBytes">Peak working set of the process at the end of the run (a measurement).</param>
/// <param name="Accelerators">Accelerators the deployment uses.</param>
/// <param name="Nodes">Nodes those accelerators span.</param>
/// <param name="Cancelled">True when the run was stopped before its end.</param>
public sealed record RunResult(
    Scenario Scenario,
    ServingMetrics Metrics,
    IReadOnlyList<PoolResult> Pools,
    long Events,
    double SimulatedSeconds,
    double WallSeconds,
    long PeakWorkingSetBytes,
    int Accelerators,
    double Nodes,
    bool Cancelled)
{
    /// <summary>Fault windows (or losses) that began during the run.</summary>
    public int FaultsStarted { get; init; }

    /// <summary>Requests handed back by lost instances and served again elsewhere.</summary>
    public long FaultRequeues { get; init; }

    /// <summary>Failed-NIC faults not applied because they would have left a node with no NIC up (logged as errors).</summary>
    public int FaultsUnreachable { get; init; }

    /// <summary>Expert rebalances in time order (at most <see cref="Telemetry.ClusterEventRecorder.MaxEvents"/>).</summary>
    public IReadOnlyList<Serving.ClusterEvent> Rebalances { get; init; } = [];

    /// <summary>KV transfers between prefill and decode pools; null for a colocated or AFD deployment.</summary>
    public Serving.KvTransferSummary? KvTransfer { get; init; }

    /// <summary>Energy and cost per pool and overall (summary.json's <c>energy</c>); null when a hardware file gives no power figures.</summary>
    public RunEnergy? Energy { get; init; }

    /// <summary>Harness-style figures of a closed-loop run (summary.json's <c>benchmark</c>); null for an open loop.</summary>
    public ClosedLoopBenchmark? Benchmark { get; init; }
}

/// <summary>Figures of one pool at the end of a run.</summary>
/// <param name="Name">Pool name.</param>
/// <param name="Instances">Instances.</param>
/// <param name="Accelerators">Accelerators in the pool.</param>
/// <param name="Memory">Its HBM plan.</param>
/// <param name="KvPeakUtilization">Highest KV-cache utilisation of any rank.</param>
/// <param name="PrefixCache">Prefix-cache statistics summed over ranks.</param>
/// <param name="BusyFraction">Share of the run its instances spent in steps.</param>
/// <param name="Communication">Calibrated collective costs.</param>
/// <param name="ExpertBalance">Expert placement and re-placement counts; null for a dense model.</param>
public sealed record PoolResult(
    string Name,
    int Instances,
    int Accelerators,
    PoolMemoryPlan Memory,
    double KvPeakUtilization,
    PrefixCacheStatistics PrefixCache,
    double BusyFraction,
    Serving.CommunicationCosts Communication,
    PoolExpertBalance? ExpertBalance = null);

/// <summary>How a pool placed its experts and how often it moved them.</summary>
/// <param name="Placement">Contiguous or EPLB.</param>
/// <param name="Rebalancing">True when periodic re-placement was on.</param>
/// <param name="Statistics">Re-placement counts summed over the pool's instances.</param>
public sealed record PoolExpertBalance(Experts.PlacementKind Placement, bool Rebalancing, Experts.ExpertBalanceStatistics Statistics);
