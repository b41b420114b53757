using ClusterSim.Scenarios;

namespace ClusterSim.Runs;

/// <summary>What the energy integral needs of one pool: its board powers and prices summed over its accelerators, and its step totals.</summary>
/// <param name="Name">Pool name.</param>
/// <param name="Instances">Instances (the step totals are summed over them).</param>
/// <param name="Accelerators">Accelerators of the pool.</param>
/// <param name="IdleWatts">Idle board power summed over the pool's accelerators.</param>
/// <param name="MaxWatts">Full-load board power summed over the pool's accelerators.</param>
/// <param name="UsdPerHour">Accelerator-hour prices summed over the pool's accelerators; null when one is unknown.</param>
/// <param name="ComputeNs">Compute-bound step nanoseconds, summed over instances.</param>
/// <param name="MemoryNs">HBM-bound step nanoseconds, summed over instances.</param>
/// <param name="CommunicationNs">Exposed communication nanoseconds, summed over instances.</param>
/// <param name="ImbalanceNs">Nanoseconds waiting for the slowest rank, summed over instances.</param>
public sealed record PoolPowerInput(
    string Name,
    int Instances,
    int Accelerators,
    double IdleWatts,
    double MaxWatts,
    double? UsdPerHour,
    double ComputeNs,
    double MemoryNs,
    double CommunicationNs,
    double ImbalanceNs);

/// <summary>
/// Integrates the power model over a run from the pools' step totals (docs/modeling.md, "Power and energy"). The model
/// is linear in time, so the integral over every step equals the weights applied to the totals the run already keeps:
/// nothing is computed per step.
/// </summary>
public static class EnergyAccounting
{
    /// <summary>
    /// Energy of each pool and overall. Board energy of a pool: P_idle × T + (P_max - P_idle) / instances × Σ weight × busy
    /// time (busy time summed over instances, so one instance's accelerators are counted once per instance-second).
    /// </summary>
    /// <param name="pools">The pools, in deployment order.</param>
    /// <param name="simulatedSeconds">Simulated length of the run, warm-up and drain included.</param>
    /// <param name="windowOutputTokensPerSecond">Output tokens per second of the measurement window (summary.json's throughput).</param>
    /// <param name="cost">The scenario's prices (unset keys take the defaults).</param>
    public static RunEnergy Compute(IReadOnlyList<PoolPowerInput> pools, double simulatedSeconds, double windowOutputTokensPerSecond, CostSection cost)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(cost);
        var pue = cost.PueOrDefault;
        var kwhPrice = cost.PowerUsdPerKwhOrDefault;
        var results = new List<PoolEnergy>(pools.Count);
        double energy = 0, usdPerHour = 0;
        var priced = true;
        var accelerators = 0;
        foreach (var pool in pools)
        {
            var spanPerInstance = pool.Instances > 0 ? (pool.MaxWatts - pool.IdleWatts) / pool.Instances : 0;
            var joules = (pool.IdleWatts * simulatedSeconds)
                + (spanPerInstance * PowerModel.ActiveSeconds(pool.ComputeNs, pool.MemoryNs, pool.CommunicationNs, pool.ImbalanceNs));
            results.Add(Figures(pool.Name, pool.Accelerators, joules, pool.UsdPerHour));
            energy += joules;
            accelerators += pool.Accelerators;
            usdPerHour += pool.UsdPerHour ?? 0;
            priced &= pool.UsdPerHour is not null;
        }

        var overall = Figures("overall", accelerators, energy, priced ? usdPerHour : null);
        var prices = pools.Where(p => p.Accelerators > 0 && p.UsdPerHour is not null).Select(p => p.UsdPerHour!.Value / p.Accelerators).Distinct().ToArray();
        return new RunEnergy(results, overall, pue, kwhPrice, priced && prices.Length == 1 ? prices[0] : null);

        PoolEnergy Figures(string name, int gpus, double joules, double? dollarsPerHour)
        {
            var meanWatts = simulatedSeconds > 0 ? joules / simulatedSeconds : 0;
            var perGpu = gpus > 0 ? meanWatts / gpus : 0;
            if (windowOutputTokensPerSecond <= 0)
            {
                return new PoolEnergy(name, gpus, joules, perGpu, null, null);
            }

            // Facility power at the run's mean, over the window's output rate: joules per token at the measured throughput.
            var facilityWatts = meanWatts * pue;
            var joulesPerToken = facilityWatts / windowOutputTokensPerSecond;
            double? usdPerMillion = dollarsPerHour is { } usd
                ? ((usd / 3600) + (facilityWatts / 1000 * kwhPrice / 3600)) / windowOutputTokensPerSecond * 1e6
                : null;
            return new PoolEnergy(name, gpus, joules, perGpu, joulesPerToken, usdPerMillion);
        }
    }
}
