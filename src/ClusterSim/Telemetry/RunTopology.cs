namespace ClusterSim.Telemetry;

/// <summary>What the telemetry writers know of the deployment: its pools in order, without reaching into Serving.</summary>
/// <param name="Pools">Pools in deployment order (entry pool first).</param>
public sealed record RunTopology(IReadOnlyList<PoolTopology> Pools)
{
    /// <summary>Instances over all pools.</summary>
    public int Instances => Pools.Sum(p => p.Instances);

    /// <summary>Index of a pool by name (pools are few: a linear scan is cheaper than hashing).</summary>
    public int PoolIndex(string pool)
    {
        for (var i = 0; i < Pools.Count; i++)
        {
            if (string.Equals(Pools[i].Name, pool, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown pool '{pool}'", nameof(pool));
    }
}

/// <summary>One pool as telemetry sees it.</summary>
/// <param name="Name">Pool name (serving, prefill, decode).</param>
/// <param name="Instances">Instances in the pool.</param>
/// <param name="AcceleratorsPerInstance">Accelerators per instance.</param>
/// <param name="Links">How the pool's fabric bytes divide between link classes, and their capacity.</param>
public sealed record PoolTopology(string Name, int Instances, int AcceleratorsPerInstance, LinkProfile Links);

/// <summary>
/// How an instance's all-to-all bytes divide between scale-up (intra-node) and scale-out (inter-node) links, and the
/// bandwidth each class offers the instance, for the link rows of timeseries.csv. An estimate: the step pricer
/// reports the bytes every rank sends, and this splits them by where the receiving expert rank sits.
/// </summary>
/// <param name="ScaleUpShare">Bytes on scale-up links per byte the step reports.</param>
/// <param name="ScaleOutShare">Bytes on scale-out links per byte the step reports.</param>
/// <param name="ScaleUpBytesPerSecond">Scale-up send bandwidth of the instance (per accelerator, one direction, times accelerators).</param>
/// <param name="ScaleOutBytesPerSecond">Scale-out send bandwidth of the instance (NIC per accelerator times accelerators); 0 within a node.</param>
public sealed record LinkProfile(double ScaleUpShare, double ScaleOutShare, double ScaleUpBytesPerSecond, double ScaleOutBytesPerSecond)
{
    /// <summary>No fabric traffic.</summary>
    public static readonly LinkProfile None = new(0, 0, 0, 0);

    /// <summary>
    /// The split for an expert-parallel group of <paramref name="epRanks"/> contiguous accelerators in scale-up domains
    /// of <paramref name="acceleratorsPerDomain"/>: a token copy leaving a rank goes to one of the other ranks
    /// uniformly, so (E - a) / (E - 1) of the copies leave the domain. <see cref="Fabric.CollectiveRouting.Hierarchical"/>
    /// sends a token across to each remote domain once (<paramref name="crossDomainFactor"/> = expected distinct domains
    /// per token over k) and forwards it to its experts over scale-up links; <see cref="Fabric.CollectiveRouting.Rdma"/>
    /// sends every copy through the NICs, inside the domain too.
    /// </summary>
    public static LinkProfile ForExpertParallel(
        int epRanks,
        int acceleratorsPerDomain,
        int acceleratorsPerInstance,
        Fabric.CollectiveRouting routing,
        double crossDomainFactor,
        double scaleUpBytesPerSecondPerAccelerator,
        double scaleOutBytesPerSecondPerAccelerator)
    {
        if (epRanks <= 1)
        {
            return None with { ScaleUpBytesPerSecond = scaleUpBytesPerSecondPerAccelerator * acceleratorsPerInstance };
        }

        var scaleUpCapacity = scaleUpBytesPerSecondPerAccelerator * acceleratorsPerInstance;
        var scaleOutCapacity = scaleOutBytesPerSecondPerAccelerator * acceleratorsPerInstance;
        if (routing == Fabric.CollectiveRouting.Rdma)
        {
            return new LinkProfile(0, 1, scaleUpCapacity, scaleOutCapacity);
        }

        var perDomain = Math.Max(1, Math.Min(acceleratorsPerDomain, epRanks));
        var outShare = (double)(epRanks - perDomain) / (epRanks - 1);
        var upShare = 1 - outShare;
        if (routing == Fabric.CollectiveRouting.Hierarchical && outShare > 0)
        {
            // One copy per remote domain crosses the NIC; every copy bound for that domain then rides NVLink/scale-up.
            upShare += outShare;
            outShare *= Math.Clamp(crossDomainFactor, 0, 1);
        }

        return new LinkProfile(upShare, outShare, scaleUpCapacity, epRanks > acceleratorsPerDomain ? scaleOutCapacity : 0);
    }
}
