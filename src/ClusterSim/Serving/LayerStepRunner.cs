using ClusterSim.Engine;

namespace ClusterSim.Serving;

/// <summary>
/// Runs one step at <c>layer</c> fidelity: every stage of every micro-batch is an engine event on one of two lanes,
/// compute and communication. A stage starts when the previous stage of its micro-batch is done and its lane is free,
/// the earlier micro-batch first; so with two micro-batches one's dispatch and combine run while the other computes
/// (DeepSeek's two-batch overlap), simulated rather than assumed.
/// </summary>
public sealed class LayerStepRunner : IEventHandler
{
    private readonly Simulation _simulation;
    private readonly Action _onStepDone;
    private readonly int[] _next = new int[2];
    private readonly bool[] _running = new bool[2];
    private readonly bool[] _laneBusy = new bool[2];
    private readonly SimTime[] _stageStart = new SimTime[2];
    private readonly ServingInstance? _instance;
    private readonly IInstanceHost? _host;
    private StagePlan? _plan;
    private int _finished;

    /// <summary>A runner that calls <paramref name="onStepDone"/> when the last stage of a step ends.</summary>
    public LayerStepRunner(Simulation simulation, Action onStepDone)
    {
        _simulation = simulation;
        _onStepDone = onStepDone;
    }

    /// <summary>A runner that also reports every stage to <paramref name="host"/>'s observer as <paramref name="instance"/>'s.</summary>
    public LayerStepRunner(Simulation simulation, Action onStepDone, ServingInstance instance, IInstanceHost host)
        : this(simulation, onStepDone)
    {
        _instance = instance;
        _host = host;
    }

    /// <summary>Stage events fired so far.</summary>
    public long StagesRun { get; private set; }

    /// <summary>Starts the stages of <paramref name="plan"/> now.</summary>
    public void Begin(StagePlan plan)
    {
        _plan = plan;
        _finished = 0;
        Array.Clear(_next);
        Array.Clear(_running);
        Array.Clear(_laneBusy);
        for (var m = 0; m < plan.Count; m++)
        {
            if (plan.MicroBatches[m].Count == 0)
            {
                _finished++;
            }
        }

        if (_finished == plan.Count)
        {
            _onStepDone();
            return;
        }

        StartReadyStages();
    }

    /// <summary>A stage ended: <paramref name="arg"/> packs the micro-batch (bit 1) and the lane (bit 0).</summary>
    void IEventHandler.OnEvent(Simulation simulation, long arg)
    {
        var microBatch = (int)(arg >> 1);
        var lane = (int)(arg & 1);
        StagesRun++;
        if (_host is not null)
        {
            _host.Observer.OnStage(_instance!.Identity, microBatch, _plan!.MicroBatches[microBatch][_next[microBatch]], _stageStart[microBatch], simulation.Now);
        }

        _laneBusy[lane] = false;
        _running[microBatch] = false;
        _next[microBatch]++;
        if (_next[microBatch] == _plan!.MicroBatches[microBatch].Count)
        {
            _finished++;
            if (_finished == _plan.Count)
            {
                _onStepDone();
                return;
            }
        }

        StartReadyStages();
    }

    private void StartReadyStages()
    {
        var plan = _plan!;
        for (var m = 0; m < plan.Count; m++)
        {
            var stages = plan.MicroBatches[m];
            if (_running[m] || _next[m] >= stages.Count)
            {
                continue;
            }

            var stage = stages[_next[m]];
            var lane = (int)stage.Lane;
            if (_laneBusy[lane])
            {
                continue;
            }

            _laneBusy[lane] = true;
            _running[m] = true;
            _stageStart[m] = _simulation.Now;
            var ns = (long)Math.Ceiling(stage.Nanoseconds);
            _simulation.Schedule(SimDuration.FromNanoseconds(ns), this, ((long)m << 1) | (long)lane);
        }
    }
}
