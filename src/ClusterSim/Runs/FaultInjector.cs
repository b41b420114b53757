using ClusterSim.Planning;
using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Fabric;
using ClusterSim.Scenarios;
using ClusterSim.Serving;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Runs;

/// <summary>
/// Applies the scenario's faults at their simulated times: stragglers slow one accelerator's ranks, degraded links
/// re-price the collectives that cross them, lost instances hand their requests back to the pool's router. Each fault
/// is logged when it starts and ends; nothing is lost (conservation holds under every fault).
/// </summary>
public sealed class FaultInjector : IEventHandler
{
    private readonly Scenario _scenario;
    private readonly BuiltCluster _built;
    private readonly FabricTopology _topology;
    private readonly ILogger _logger;
    private readonly Dictionary<int, double> _nicFactors = [];
    private readonly HashSet<int> _refusedFaults = [];

    /// <summary>An injector for a built cluster.</summary>
    public FaultInjector(Scenario scenario, BuiltCluster built, FabricTopology topology, ILogger logger)
    {
        _scenario = scenario;
        _built = built;
        _topology = topology;
        _logger = logger;
    }

    /// <summary>Requests handed back by lost instances.</summary>
    public long Requeued { get; private set; }

    /// <summary>Fault windows that started.</summary>
    public int Started { get; private set; }

    /// <summary>Failed-NIC faults not applied because they would have cut a node off (every NIC of its scale-up domain failed).</summary>
    public int Unreachable { get; private set; }

    /// <summary>Schedules every fault's start (and end) event.</summary>
    public void Schedule()
    {
        var faults = _scenario.FaultList;
        for (var i = 0; i < faults.Count; i++)
        {
            var (start, end) = faults[i] switch
            {
                StragglerFault f => (f.Start, (SimDuration?)f.End),
                LinkFault f => (f.Start, f.End),
                InstanceLossFault f => (f.At, null),
                _ => throw new InvalidOperationException($"unknown fault {faults[i].GetType().Name}"),
            };
            _built.Simulation.ScheduleAt(SimTime.Zero + start, this, i * 2L);
            if (end is { } e)
            {
                _built.Simulation.ScheduleAt(SimTime.Zero + e, this, (i * 2L) + 1);
            }
        }
    }

    /// <inheritdoc />
    void IEventHandler.OnEvent(Simulation simulation, long arg)
    {
        var fault = _scenario.FaultList[(int)(arg / 2)];
        var starting = arg % 2 == 0;
        if (fault is LinkFault cut && !AcceptLinkFault(cut, (int)(arg / 2), starting, simulation.Now))
        {
            return;
        }

        if (starting)
        {
            Started++;
        }

        if (fault is not InstanceLossFault)
        {
            Notify(fault, starting ? ClusterEventKind.FaultStarted : ClusterEventKind.FaultEnded, simulation.Now);
        }

        switch (fault)
        {
            case StragglerFault f:
                PricerOf(f.Pool, f.Instance).SetAcceleratorSpeed(f.Accelerator, starting ? f.SpeedFactor : 1);
                _logger.LogWarning("Fault {Fault} {Phase} at {Time}: pool {Pool} instance {Instance} accelerator {Accelerator} runs at {Speed:P0} speed", fault.KeyPath, starting ? "starts" : "ends", simulation.Now, f.Pool, f.Instance, f.Accelerator, starting ? f.SpeedFactor : 1);
                break;
            case LinkFault f:
                if (starting)
                {
                    _nicFactors[f.Accelerator] = f.BandwidthFactor;
                }
                else
                {
                    _nicFactors.Remove(f.Accelerator);
                }

                Recalibrate();
                (_built.Cluster.Transport as KvTransferFabric)?.SetNicBandwidthFactor(f.Accelerator, starting ? f.BandwidthFactor : 1);
                if (f.BandwidthFactor == 0)
                {
                    _logger.LogWarning("Fault {Fault} {Phase} at {Time}: the NIC of accelerator {Accelerator} {State}", fault.KeyPath, starting ? "starts" : "ends", simulation.Now, f.Accelerator, starting ? "failed; its traffic is relayed through another rail of the node" : "is back up");
                }
                else
                {
                    _logger.LogWarning("Fault {Fault} {Phase} at {Time}: the NIC of accelerator {Accelerator} carries {Factor:P0} of its bandwidth", fault.KeyPath, starting ? "starts" : "ends", simulation.Now, f.Accelerator, starting ? f.BandwidthFactor : 1);
                }

                break;
            case InstanceLossFault f:
                LoseInstance(f);
                break;
        }
    }

    // A failed NIC whose scale-up domain would have no NIC left has no path to reroute over: the fault is logged, counted and
    // not applied (its end is skipped too) rather than stopping the run.
    private bool AcceptLinkFault(LinkFault f, int index, bool starting, SimTime now)
    {
        if (!starting)
        {
            return !_refusedFaults.Remove(index);
        }

        if (f.BandwidthFactor > 0)
        {
            return true;
        }

        var failed = new bool[_topology.AcceleratorCount];
        foreach (var (accelerator, factor) in _nicFactors)
        {
            failed[accelerator] = factor == 0;
        }

        failed[f.Accelerator] = true;
        var domain = _topology.FirstUnreachableDomain(failed);
        if (domain < 0)
        {
            return true;
        }

        _refusedFaults.Add(index);
        Unreachable++;
        _logger.LogError("Fault {Fault} at {Time} not applied: failing the NIC of accelerator {Accelerator} would leave scale-up domain {Domain} with no NIC up, so its nodes would be unreachable", f.KeyPath, now, f.Accelerator, domain);
        return false;
    }

    private StepPricer PricerOf(string pool, int instance)
    {
        var p = _built.Cluster.Pools.First(x => x.Name == pool);
        return (StepPricer)p.Instances[instance].Pricer;
    }

    /// <summary>Re-fits the collective lines of every instance whose accelerators include a degraded NIC.</summary>
    private void Recalibrate()
    {
        for (var p = 0; p < _built.Setups.Count; p++)
        {
            var setup = _built.Setups[p];
            var pool = _built.Cluster.Pools[p];
            for (var i = 0; i < pool.Instances.Count; i++)
            {
                var first = setup.FirstAccelerators[i];
                var overrides = _nicFactors
                    .Where(kv => kv.Key >= first && kv.Key < first + setup.Section.AcceleratorsPerInstance)
                    .ToDictionary(kv => kv.Key, kv => kv.Value);
                if (overrides.Count == 0 && ((StepPricer)pool.Instances[i].Pricer).Communication == setup.Communication)
                {
                    continue;
                }

                ((StepPricer)pool.Instances[i].Pricer).Communication = overrides.Count == 0
                    ? setup.Communication
                    : CommunicationCalibration.Calibrate(
                        _topology, first, setup.Plan.ExpertParallel, setup.Plan.AttentionTensorParallel,
                        _scenario.Cluster.LinkModel, setup.AllToAll, overrides);
            }
        }
    }

    private void LoseInstance(InstanceLossFault f)
    {
        var pool = _built.Cluster.Pools.First(x => x.Name == f.Pool);
        var instance = pool.Instances[f.Instance];
        if (instance.Failed)
        {
            return;
        }

        Notify(f, ClusterEventKind.FaultStarted, _built.Simulation.Now);
        pool.Remove(f.Instance);
        var requests = instance.Fail();
        Requeued += requests.Count;
        foreach (var request in requests)
        {
            pool.Admit(request);
        }

        _logger.LogWarning("Fault {Fault} at {Time}: pool {Pool} lost instance {Instance}; {Count} requests re-queued on the {Left} instances left", f.KeyPath, _built.Simulation.Now, f.Pool, f.Instance, requests.Count, pool.InstanceCount);
    }

    private void Notify(FaultSpec fault, ClusterEventKind kind, SimTime at)
    {
        var (pool, instance, detail) = fault switch
        {
            StragglerFault f => ((string?)f.Pool, f.Instance, string.Create(CultureInfo.InvariantCulture, $"accelerator {f.Accelerator} of {f.Pool} instance {f.Instance} runs at {f.SpeedFactor:P0} speed")),
            LinkFault { BandwidthFactor: 0 } f => (null, -1, string.Create(CultureInfo.InvariantCulture, $"the NIC of accelerator {f.Accelerator} failed; its traffic is relayed through another rail of the node")),
            LinkFault f => (null, -1, string.Create(CultureInfo.InvariantCulture, $"the NIC of accelerator {f.Accelerator} carries {f.BandwidthFactor:P0} of its bandwidth")),
            InstanceLossFault f => (f.Pool, f.Instance, $"{f.Pool} instance {f.Instance} is lost"),
            _ => (null, -1, fault.KeyPath),
        };
        _built.Cluster.Observer.OnClusterEvent(new ClusterEvent(kind, at, pool, instance, fault.KeyPath, detail));
    }
}
