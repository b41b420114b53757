using ClusterSim.Engine;

namespace ClusterSim.Fabric;

/// <summary>
/// Runs one <see cref="Collective"/> inside a (possibly shared) <see cref="FlowNetwork"/>: starts a phase's flows,
/// and starts the next phase when the caller reports that the last flow of the current one has completed.
/// </summary>
/// <remarks>
/// Every flow carries <see cref="Tag"/>; the caller routes completions with that tag to <see cref="OnFlowCompleted"/>.
/// Concurrent collectives in the same network contend for links through the fair-share solver.
/// </remarks>
public sealed class LiveCollective
{
    private readonly FlowNetwork _network;
    private readonly FabricTopology _topology;
    private readonly bool[]? _failedNics;
    private int _phase = -1;
    private int _outstanding;

    /// <summary>Prepares the run; nothing is sent until <see cref="Begin"/>.</summary>
    /// <param name="network">The network the flows run on.</param>
    /// <param name="topology">The fabric that gives each flow its path.</param>
    /// <param name="collective">The phases to run.</param>
    /// <param name="tag">The tag on every flow.</param>
    /// <param name="failedNics">Failed NICs by accelerator (read when each phase starts; null when none): flows are rerouted around them.</param>
    public LiveCollective(FlowNetwork network, FabricTopology topology, Collective collective, long tag, bool[]? failedNics = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(collective);
        _network = network;
        _topology = topology;
        Collective = collective;
        Tag = tag;
        _failedNics = failedNics;
    }

    /// <summary>The collective being run.</summary>
    public Collective Collective { get; }

    /// <summary>The tag on every flow of this run.</summary>
    public long Tag { get; }

    /// <summary>When <see cref="Begin"/> was called.</summary>
    public SimTime StartTime { get; private set; }

    /// <summary>When the last flow arrived; valid once <see cref="IsComplete"/>.</summary>
    public SimTime FinishTime { get; private set; }

    /// <summary>True when every phase has completed.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Starts the first phase at <paramref name="now"/>; an empty collective completes at once.</summary>
    public void Begin(SimTime now)
    {
        if (_phase >= 0)
        {
            throw new InvalidOperationException("the collective has already begun");
        }

        StartTime = now;
        StartNextPhase(now);
    }

    /// <summary>Records one completed flow of this run; returns true when that completed the whole collective.</summary>
    public bool OnFlowCompleted(SimTime now)
    {
        if (IsComplete || _outstanding <= 0)
        {
            throw new InvalidOperationException("a completion was reported for a collective with no flows outstanding");
        }

        _outstanding--;
        if (_outstanding == 0)
        {
            StartNextPhase(now);
        }

        return IsComplete;
    }

    private void StartNextPhase(SimTime now)
    {
        Span<int> path = stackalloc int[Math.Max(1, _topology.MaxPathLength)];
        while (++_phase < Collective.Phases.Count)
        {
            var flows = Collective.Phases[_phase].Flows;
            for (var i = 0; i < flows.Count; i++)
            {
                var flow = flows[i];
                var hops = _topology.Path(flow, _failedNics, path);
                _network.Start(now, path[..hops], flow.Bytes, Tag);
            }

            _outstanding = flows.Count;
            if (_outstanding > 0)
            {
                return;
            }
        }

        IsComplete = true;
        FinishTime = now;
    }
}
