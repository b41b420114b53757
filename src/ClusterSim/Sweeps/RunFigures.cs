using ClusterSim.Runs;

namespace ClusterSim.Sweeps;

/// <summary>A run's bounding resource: the largest share of the pools' busy time.</summary>
/// <param name="Resource">"compute", "memory" (HBM bandwidth), "communication" or "imbalance" (waiting for the slowest expert rank); "idle" when nothing ran.</param>
/// <param name="Share">Its share of busy time, in [0, 1].</param>
public sealed record BoundingResource(string Resource, double Share);

/// <summary>The headline figures capacity search and sweeps read from a run, computed as summary.json computes them.</summary>
public static class RunFigures
{
    /// <summary>Share of the window's requests (completed or dropped) that met every SLO; 0 when none were measured.</summary>
    public static double SloAttainment(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var measured = m.WindowCompleted + m.WindowDropped;
        return measured > 0 ? (double)m.WindowGoodRequests / measured : 0;
    }

    /// <summary>Output tokens per second of the measurement window, per accelerator of the deployment.</summary>
    public static double OutputTokensPerSecondPerGpu(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var window = result.Metrics.WindowSeconds;
        return window > 0 ? result.Metrics.WindowOutputTokens / window / result.Accelerators : 0;
    }

    /// <summary>The resource with the largest share of busy time summed over all pools.</summary>
    public static BoundingResource Bounding(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        double compute = 0, memory = 0, communication = 0, imbalance = 0, busy = 0;
        #pragma warning disable RS0030 // pools are added in the scenario's order and never removed, so the float sums repeat exactly
        foreach (var pool in result.Metrics.Pools.Values)
        {
            compute += pool.ComputeBoundNs;
            memory += pool.MemoryBoundNs;
            communication += pool.CommunicationNs;
            imbalance += pool.ImbalanceNs;
            busy += pool.BusyNs;
        }
        #pragma warning restore RS0030

        if (busy <= 0)
        {
            return new BoundingResource("idle", 1);
        }

        var shares = new (string Name, double Ns)[] { ("compute", compute), ("memory", memory), ("communication", communication), ("imbalance", imbalance) };
        var top = shares.MaxBy(s => s.Ns);
        return new BoundingResource(top.Name, top.Ns / busy);
    }
}
