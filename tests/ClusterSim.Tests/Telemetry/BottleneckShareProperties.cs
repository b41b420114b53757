using System.Globalization;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterSim.Tests.Telemetry;

/// <summary>
/// Issue 19 item 4: compute + memory + communication + imbalance + idle is the whole run, exactly, for every pool,
/// under one micro-batch, two-batch overlap and attention/FFN disaggregation, at both fidelities.
/// </summary>
public sealed class BottleneckShareProperties
{
    private const double Exact = 1e-9;

    // timeseries.csv writes shares with four decimals: five rounded shares can be off by 2.5e-4 together.
    private const double CsvRounding = 2.6e-4;

    [Property(MaxTest = 8)]
    public Property Shares_of_every_pool_and_timeseries_row_add_up_to_one(bool afd, bool twoBatches, bool layerFidelity, byte rate, byte seed)
    {
        var scenario = Small(afd, twoBatches, layerFidelity, 10 + (rate % 30), seed);
        var (result, timeseries, _, _) = ShortRun.Run(scenario);
        var failures = PoolFailures(result).Concat(RowFailures(timeseries)).ToList();
        return (failures.Count == 0).Label(string.Join("; ", failures.Take(5)));
    }

    [Theory]
    [InlineData("afd-vs-ep-colocated.yaml")]
    [InlineData("experts-eplb-drift.yaml")]
    public void Two_batch_overlap_scenarios_attribute_exactly_their_busy_time(string file)
    {
        var overrides = Cut(3).ToList();
        var scenario = ScenarioReader.Load(Path.Combine(TestCatalog.Repository.ScenariosDirectory, file), overrides);
        var (result, timeseries, _, _) = ShortRun.Run(scenario);
        Assert.Empty(PoolFailures(result));
        Assert.Empty(RowFailures(timeseries));
    }

    private static Scenario Small(bool afd, bool twoBatches, bool layerFidelity, int rate, byte seed)
    {
        var overrides = Cut(2).ToList();
        overrides.Add(new("workload.rate_per_s", rate.ToString(CultureInfo.InvariantCulture)));
        overrides.Add(new("seed", seed.ToString(CultureInfo.InvariantCulture)));
        // Layer fidelity plans stages, which the AFD pricer does not: AFD runs at step fidelity only.
        overrides.Add(new("simulation.fidelity", layerFidelity && !afd ? "layer" : "step"));
        overrides.Add(afd
            ? new("deployment.micro_batches", twoBatches ? "2" : "1")
            : new("deployment.serving.micro_batches", twoBatches ? "2" : "1"));
        var file = afd ? "afd-vs-ep.yaml" : "default.yaml";
        return ScenarioReader.Load(Path.Combine(TestCatalog.Repository.ScenariosDirectory, file), overrides);
    }

    private static IEnumerable<ScenarioOverride> Cut(int seconds)
    {
        var text = seconds.ToString(CultureInfo.InvariantCulture) + " s";
        yield return new("workload.duration", text);
        yield return new("simulation.duration", text);
        yield return new("simulation.warmup", "0.5 s");
        yield return new("simulation.drain_limit", "5 s");
        yield return new("outputs.timeseries_window", "250 ms");
    }

    /// <summary>The summary's shares (as summary.json computes them) that do not add up to 1.</summary>
    private static IEnumerable<string> PoolFailures(RunResult result)
    {
        foreach (var pool in result.Metrics.Pools.Values)
        {
            var total = Math.Max(result.SimulatedSeconds * 1e9 * pool.Instances, pool.BusyNs);
            var attributed = pool.ComputeBoundNs + pool.MemoryBoundNs + pool.CommunicationNs + pool.ImbalanceNs;
            var sum = (attributed + Math.Max(0, total - pool.BusyNs)) / total;
            if (Math.Abs(sum - 1) > Exact || Math.Abs(attributed - pool.BusyNs) > Exact * total)
            {
                yield return FormattableString.Invariant($"pool {pool.Pool}: shares sum to {sum:R}, attributed {attributed:R} ns of {pool.BusyNs:R} busy");
            }
        }
    }

    /// <summary>Rows of timeseries.csv whose compute + hbm + communication + imbalance is not their busy share.</summary>
    private static IEnumerable<string> RowFailures(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        int busy = Column("busy"), compute = Column("compute_busy"), hbm = Column("hbm_busy"), comm = Column("communication"), imbalance = Column("imbalance");
        Assert.True(lines.Length > 2, "the run wrote timeseries rows");
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            double Cell(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
            var parts = Cell(compute) + Cell(hbm) + Cell(comm) + Cell(imbalance);
            if (Math.Abs(parts - Cell(busy)) > CsvRounding)
            {
                yield return $"row '{line}': parts {parts.ToString("R", CultureInfo.InvariantCulture)} vs busy {cells[busy]}";
            }
        }
    }
}
