using ClusterSim.Engine;

namespace ClusterSim.Fabric;

/// <summary>The price of one collective run alone on the fabric.</summary>
/// <param name="Duration">From the first flow's start to the last flow's arrival.</param>
/// <param name="BottleneckLink">The link with the largest load (bytes / bandwidth); -1 when nothing was sent.</param>
/// <param name="ScaleUpBytes">Bytes of flows whose path uses scale-up links (each flow counted once).</param>
/// <param name="ScaleOutBytes">Bytes of flows whose path uses scale-out links (each flow counted once).</param>
public readonly record struct CollectiveTiming(SimDuration Duration, int BottleneckLink, double ScaleUpBytes, double ScaleOutBytes);

/// <summary>Prices collectives by running their flows to completion on a private network (the step-fidelity path).</summary>
/// <remarks>Not thread-safe: one pricer per thread. Networks are reused between calls.</remarks>
public sealed class CollectivePricer
{
    private readonly FabricTopology _topology;
    private readonly CompletedFlowList _completed = new();
    private readonly Dictionary<int, double> _linkOverrides = [];
    private bool[]? _failedNics;
    private FlowNetwork? _fairShare;
    private FlowNetwork? _alphaBeta;

    /// <summary>Creates a pricer for a fabric.</summary>
    public CollectivePricer(FabricTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _topology = topology;
    }

    /// <summary>Prices later collectives with <paramref name="link"/> at <paramref name="bytesPerSecond"/> (a degraded link).</summary>
    public void SetLinkBandwidth(int link, double bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        _linkOverrides[link] = bytesPerSecond;
    }

    /// <summary>
    /// Prices later collectives with the NIC that owns <paramref name="link"/> (its uplink or downlink) failed: both
    /// directions go down and flows are rerouted through another rail of the node (see <see cref="FabricTopology.Path(in FlowSpec, ReadOnlySpan{bool}, Span{int})"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The link is not a NIC link; only NICs fail in this model.</exception>
    public void SetLinkFailed(int link)
    {
        for (var a = 0; a < _topology.AcceleratorCount; a++)
        {
            if (_topology.NicUplink(a) == link || _topology.NicDownlink(a) == link)
            {
                SetNicFailed(a);
                return;
            }
        }

        throw new ArgumentException($"link {link} is not a NIC link; only a NIC can fail (its traffic is then relayed through another rail)", nameof(link));
    }

    /// <summary>Prices later collectives with <paramref name="accelerator"/>'s NIC failed in both directions (a no-op without scale-out).</summary>
    public void SetNicFailed(int accelerator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(accelerator);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(accelerator, _topology.AcceleratorCount);
        (_failedNics ??= new bool[_topology.AcceleratorCount])[accelerator] = true;
    }

    /// <summary>Runs the collective alone from time zero and reports its duration, bottleneck and bytes per link class.</summary>
    public CollectiveTiming Price(Collective collective, LinkModel model)
    {
        ArgumentNullException.ThrowIfNull(collective);
        var network = model == LinkModel.FairShare
            ? _fairShare ??= new FlowNetwork(_topology, LinkModel.FairShare)
            : _alphaBeta ??= new FlowNetwork(_topology, LinkModel.AlphaBeta);
        network.Reset();
        foreach (var (link, bytesPerSecond) in _linkOverrides)
        {
            network.SetLinkBandwidth(SimTime.Zero, link, bytesPerSecond);
        }
        var run = new LiveCollective(network, _topology, collective, 0, _failedNics);
        run.Begin(SimTime.Zero);
        while (!run.IsComplete)
        {
            var t = network.NextEventTime;
            if (t == SimTime.MaxValue)
            {
                throw new InvalidOperationException("the collective stalled with no events pending");
            }

            _completed.Flows.Clear();
            network.AdvanceTo(t, _completed);
            foreach (var flow in _completed.Flows)
            {
                run.OnFlowCompleted(flow.FinishTime);
            }
        }

        var (scaleUp, scaleOut) = BytesByClass(collective);
        return new CollectiveTiming(run.FinishTime - run.StartTime, Bottleneck(network), scaleUp, scaleOut);
    }

    private int Bottleneck(FlowNetwork network)
    {
        var best = -1;
        var bestLoad = 0.0;
        var links = _topology.Links;
        for (var link = 0; link < links.Count; link++)
        {
            var load = network.Counters(link).BytesCarried / links.BytesPerSecond(link);
            if (load > bestLoad * (1 + 1e-12))
            {
                best = link;
                bestLoad = load;
            }
        }

        return best;
    }

    private (double ScaleUp, double ScaleOut) BytesByClass(Collective collective)
    {
        Span<int> path = stackalloc int[Math.Max(1, _topology.MaxPathLength)];
        double scaleUp = 0;
        double scaleOut = 0;
        foreach (var phase in collective.Phases)
        {
            foreach (var flow in phase.Flows)
            {
                var hops = _topology.Path(flow, _failedNics, path);
                bool up = false, scaleOutUsed = false;
                foreach (var link in path[..hops])
                {
                    var cls = _topology.Links[link].Class;
                    up |= cls == LinkClass.ScaleUp;
                    scaleOutUsed |= cls == LinkClass.ScaleOut;
                }

                scaleUp += up ? flow.Bytes : 0;
                scaleOut += scaleOutUsed ? flow.Bytes : 0;
            }
        }

        return (scaleUp, scaleOut);
    }
}
