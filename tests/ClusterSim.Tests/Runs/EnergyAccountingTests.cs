using ClusterSim.Runs;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Runs;

/// <summary>The power model's integral against hand calculations (docs/modeling.md, "Power and energy").</summary>
public sealed class EnergyAccountingTests
{
    // Two instances of four accelerators: idle 100 W and full load 500 W each, so 800 W idle and 4,000 W at full load
    // for the pool. Step totals over both instances: 4 s compute-bound, 6 s HBM-bound, 2 s communication, 1 s waiting.
    private static readonly PoolPowerInput Pool = new("serving", 2, 8, 800, 4000, 16, 4e9, 6e9, 2e9, 1e9);

    [Fact]
    public void Energy_is_idle_power_over_the_run_plus_the_activity_weighted_span_over_busy_time()
    {
        var energy = EnergyAccounting.Compute([Pool], 10, 100, new CostSection(null, 0.10, 1.5));
        var pool = Assert.Single(energy.Pools);

        // Activity-weighted busy seconds: 1.0 × 4 + 0.3 × 6 + 0.3 × 2 + 0.1 × 1 = 6.5 instance-seconds; one instance
        // spans (4,000 - 800) / 2 = 1,600 W between idle and full load. Idle: 800 W × 10 s = 8,000 J.
        const double joules = 8000 + (1600 * 6.5);
        Assert.Equal(18_400, joules);
        Assert.Equal(joules, pool.EnergyJoules, 9);
        Assert.Equal(18_400.0 / 10 / 8, pool.MeanPowerPerGpuWatts, 9); // 230 W

        // Facility power: 1,840 W × PUE 1.5 = 2,760 W, at 100 output tokens/s: 27.6 J per token.
        Assert.Equal(27.6, pool.JoulesPerOutputToken!.Value, 9);

        // Dollars per second: 8 GPUs × $2/h = $16/h, plus 2.76 kW × $0.10/kWh = $0.276/h; per million tokens at 100 tokens/s.
        const double usdPerMillion = (16 + (2.76 * 0.10)) / 3600 / 100 * 1e6;
        Assert.Equal(45.2111, usdPerMillion, 4);
        Assert.Equal(usdPerMillion, pool.UsdPerMillionOutputTokens!.Value, 9);
        Assert.Equal(pool, energy.Overall with { Name = "serving" });
        Assert.Equal(2.0, energy.GpuHourUsd);
    }

    [Fact]
    public void A_pool_that_never_ran_a_step_draws_idle_power()
    {
        var idle = Pool with { ComputeNs = 0, MemoryNs = 0, CommunicationNs = 0, ImbalanceNs = 0 };
        var energy = EnergyAccounting.Compute([idle], 10, 0, CostSection.Unset);
        var pool = Assert.Single(energy.Pools);
        Assert.Equal(800 * 10, pool.EnergyJoules, 9);
        Assert.Equal(100, pool.MeanPowerPerGpuWatts, 9);
        Assert.Null(pool.JoulesPerOutputToken); // no output in the window: no per-token figure, not zero or infinity
        Assert.Null(pool.UsdPerMillionOutputTokens);
    }

    [Fact]
    public void A_busy_instance_all_in_compute_draws_full_board_power()
    {
        // Both instances compute-bound for the whole 10 s: activity 1, so 4,000 W for the pool.
        var flat = Pool with { ComputeNs = 20e9, MemoryNs = 0, CommunicationNs = 0, ImbalanceNs = 0 };
        var pool = Assert.Single(EnergyAccounting.Compute([flat], 10, 1, CostSection.Unset).Pools);
        Assert.Equal(500, pool.MeanPowerPerGpuWatts, 9);
    }

    [Fact]
    public void The_overall_figures_add_the_pools_and_use_the_defaults_when_no_cost_is_given()
    {
        var prefill = Pool with { Name = "prefill", UsdPerHour = null, ComputeNs = 0, MemoryNs = 0, CommunicationNs = 0, ImbalanceNs = 0 };
        var energy = EnergyAccounting.Compute([Pool, prefill], 10, 100, CostSection.Unset);
        Assert.Equal(18_400 + 8_000, energy.Overall.EnergyJoules, 9);
        Assert.Equal(26_400.0 / 10 / 16, energy.Overall.MeanPowerPerGpuWatts, 9);
        Assert.Equal(2_640 * 1.58 / 100, energy.Overall.JoulesPerOutputToken!.Value, 9);
        Assert.Null(energy.Overall.UsdPerMillionOutputTokens); // one pool has no price, so the deployment has none
        Assert.Null(energy.GpuHourUsd);
        Assert.Equal(1.58, energy.Pue);
        Assert.Equal(0.0806, energy.PowerUsdPerKwh);
    }
}
