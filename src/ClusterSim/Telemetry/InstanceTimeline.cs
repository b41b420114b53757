using ClusterSim.Engine;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// One instance's accumulators for the open timeseries bucket, plus the step in flight whose time is spread over the
/// buckets it spans. Mutable on purpose: one per instance, reused for every bucket, so the writer allocates nothing.
/// </summary>
internal sealed class InstanceTimeline
{
    private long _stepStartNs;
    private long _stepEndNs;
    private long _consumedNs;
    private double _computePerNs;
    private double _memoryPerNs;
    private double _commPerNs;
    private double _imbalancePerNs;
    private double _tokens;
    private double _scaleUpBytesPerNs;
    private double _scaleOutBytesPerNs;

    public InstanceTimeline(int pool, int instance)
    {
        Pool = pool;
        Instance = instance;
    }

    public int Pool { get; }

    public int Instance { get; }

    public double BusyNs { get; private set; }

    public double ComputeNs { get; private set; }

    public double MemoryNs { get; private set; }

    public double CommunicationNs { get; private set; }

    public double ImbalanceNs { get; private set; }

    /// <summary>Batch tokens times nanoseconds in steps: divided by the bucket, the time-weighted batch.</summary>
    public double TokenNs { get; private set; }

    public double ScaleUpBytes { get; private set; }

    public double ScaleOutBytes { get; private set; }

    public long OutputTokens { get; set; }

    public double KvMax { get; private set; }

    public double KvMean { get; private set; }

    public int Running { get; private set; }

    public int Queued { get; private set; }

    /// <summary>Adds the part of the step in flight that lies before <paramref name="untilNs"/> and was not added yet.</summary>
    public void Consume(long untilNs)
    {
        var from = Math.Max(_consumedNs, _stepStartNs);
        var to = Math.Min(_stepEndNs, untilNs);
        if (to > from)
        {
            double d = to - from;
            BusyNs += d;
            ComputeNs += d * _computePerNs;
            MemoryNs += d * _memoryPerNs;
            CommunicationNs += d * _commPerNs;
            ImbalanceNs += d * _imbalancePerNs;
            TokenNs += d * _tokens;
            ScaleUpBytes += d * _scaleUpBytesPerNs;
            ScaleOutBytes += d * _scaleOutBytesPerNs;
        }

        _consumedNs = Math.Max(_consumedNs, untilNs);
    }

    /// <summary>A new step starts; the previous one must have been consumed up to <paramref name="start"/>.</summary>
    public void StartStep(in StepCost cost, SimTime start, int tokens, LinkProfile links)
    {
        var durationNs = Math.Max(1, cost.Duration.Nanoseconds);
        _stepStartNs = start.Nanoseconds;
        _stepEndNs = start.Nanoseconds + durationNs;
        _consumedNs = start.Nanoseconds;
        double d = durationNs;
        _computePerNs = cost.ComputeBoundNs / d;
        _memoryPerNs = cost.MemoryBoundNs / d;
        _commPerNs = cost.CommunicationNs / d;
        _imbalancePerNs = cost.ImbalanceNs / d;
        _tokens = tokens;
        _scaleUpBytesPerNs = cost.FabricBytes * links.ScaleUpShare / d;
        _scaleOutBytesPerNs = cost.FabricBytes * links.ScaleOutShare / d;
    }

    /// <summary>Holds the instance's latest gauges (KV occupancy over ranks, running and queued requests).</summary>
    public void Sample(in RankGroupGauges gauges)
    {
        KvMax = gauges.KvMax;
        KvMean = gauges.KvMean;
        Running = gauges.Running;
        Queued = gauges.Queued;
    }

    /// <summary>Clears the bucket accumulators (gauges and the step in flight carry over).</summary>
    public void ResetBucket()
    {
        BusyNs = 0;
        ComputeNs = 0;
        MemoryNs = 0;
        CommunicationNs = 0;
        ImbalanceNs = 0;
        TokenNs = 0;
        ScaleUpBytes = 0;
        ScaleOutBytes = 0;
        OutputTokens = 0;
    }
}
