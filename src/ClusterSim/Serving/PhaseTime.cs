namespace ClusterSim.Serving;

/// <summary>
/// Time of one phase of a layer across ranks that run it in parallel, kept as the critical rank's time, the mean
/// rank's time and the critical rank's compute-bound share, so a step's duration can be split by bounding resource.
/// </summary>
internal struct PhaseTime
{
    public double MaxNs;
    public double SumNs;
    public int Ranks;
    public double CriticalComputeNs;
    public double CriticalMemoryNs;
    public double CriticalCommNs;

    public readonly double MeanNs => Ranks == 0 ? 0 : SumNs / Ranks;

    /// <summary>Adds one rank's time and its split; the slowest rank's split is kept.</summary>
    public void AddRank(double computeNs, double memoryNs, double commNs)
    {
        var total = computeNs + memoryNs + commNs;
        SumNs += total;
        Ranks++;
        if (total > MaxNs || Ranks == 1)
        {
            MaxNs = total;
            CriticalComputeNs = computeNs;
            CriticalMemoryNs = memoryNs;
            CriticalCommNs = commNs;
        }
    }

    /// <summary>Adds <paramref name="weight"/> of another phase (averaging several sampled layers into one).</summary>
    public void AddWeighted(in PhaseTime sample, double weight)
    {
        MaxNs += sample.MaxNs * weight;
        SumNs += sample.SumNs * weight;
        Ranks = sample.Ranks;
        CriticalComputeNs += sample.CriticalComputeNs * weight;
        CriticalMemoryNs += sample.CriticalMemoryNs * weight;
        CriticalCommNs += sample.CriticalCommNs * weight;
    }

    /// <summary>The largest and the mean of per-rank loads.</summary>
    public static (double Max, double Mean) MaxAndMean(ReadOnlySpan<long> loads)
    {
        long max = 0, sum = 0;
        foreach (var load in loads)
        {
            max = Math.Max(max, load);
            sum += load;
        }

        return (max, loads.Length == 0 ? 0 : (double)sum / loads.Length);
    }

    /// <summary>The slowest rank's time without its communication.</summary>
    public readonly double MaxComputeNs => MaxNs - CriticalCommNs;

    /// <summary>
    /// Adds this phase's computation, repeated <paramref name="times"/>, to a step cost: the mean rank's compute time
    /// split in the critical rank's proportions, and the gap to the slowest rank as imbalance. Communication is left
    /// to the caller, which knows how much of it overlap hides.
    /// </summary>
    public readonly void AddComputeTo(ref StepCost cost, double times)
    {
        var critical = MaxComputeNs;
        if (critical <= 0)
        {
            return;
        }

        // Ranks differ in compute, not in the collective they share: the mean's gap to the critical rank is imbalance.
        var mean = Math.Min(critical, MeanNs - CriticalCommNs);
        var scale = Math.Max(0, mean) / critical * times;
        cost.ComputeBoundNs += CriticalComputeNs * scale;
        cost.MemoryBoundNs += CriticalMemoryNs * scale;
        cost.ImbalanceNs += (critical - Math.Max(0, mean)) * times;
    }
}
