using System.Globalization;
using ClusterSim.DeploymentSearch;
using ClusterSim.Engine.Random;

namespace ClusterSim.Tests.DeploymentSearch;

public sealed class ParetoFrontierTests
{
    [Fact]
    public void Pareto_csv_holds_exactly_the_non_dominated_candidates_of_random_sets()
    {
        for (var trial = 0; trial < 200; trial++)
        {
            var random = new RandomStream((ulong)trial + 1);
            var count = 1 + (int)(random.NextDouble() * 60);

            // Coarse values (a grid of 8 x 8) make ties in one or both coordinates common, the cases a sort gets wrong.
            var results = Enumerable.Range(0, count).Select(i => Result(
                i,
                Math.Floor(random.NextDouble() * 8) * 5,
                Math.Floor(random.NextDouble() * 8) * 100,
                feasible: random.NextDouble() > 0.15)).ToArray();

            var expected = results.Where(r => r.Feasible && !results.Any(o => o.Feasible && Dominates(o, r))).Select(r => r.Candidate.Id).Order(StringComparer.Ordinal).ToArray();
            var csv = PlanTable.ParetoCsv(results, PlanObjective.ThroughputPerGpu);
            var ids = IdsOf(csv);

            Assert.Equal(expected, ids.Order(StringComparer.Ordinal).ToArray());
            var plan = PlanTable.PlanCsv(results, PlanObjective.ThroughputPerGpu);
            Assert.Equal(expected, IdsOf(plan, onlyPareto: true).Order(StringComparer.Ordinal).ToArray());
        }
    }

    [Fact]
    public void Equal_points_both_stay_and_a_point_equal_in_one_coordinate_and_worse_in_the_other_goes()
    {
        var results = new[] { Result(0, 10, 100), Result(1, 10, 100), Result(2, 10, 90), Result(3, 5, 100), Result(4, 20, 50) };

        var frontier = ParetoFrontier.Of(results).Select(r => r.Candidate.Index).ToArray();

        Assert.Equal([0, 1, 4], frontier);
    }

    private static bool Dominates(CandidateResult a, CandidateResult b) =>
        a.TokensPerSecondPerUser >= b.TokensPerSecondPerUser && a.TokensPerSecondPerGpu >= b.TokensPerSecondPerGpu
        && (a.TokensPerSecondPerUser > b.TokensPerSecondPerUser || a.TokensPerSecondPerGpu > b.TokensPerSecondPerGpu);

    private static string[] IdsOf(string csv, bool onlyPareto = false)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var id = Array.IndexOf(header, "id");
        var pareto = Array.IndexOf(header, "pareto");
        return lines.Skip(1).Select(l => l.Split(',')).Where(cells => !onlyPareto || cells[pareto] == "1").Select(cells => cells[id]).ToArray();
    }

    private static CandidateResult Result(int index, double perUser, double perGpu, bool feasible = true)
    {
        var pool = new PoolChoice("serving", 8, 8, 1, index, 1, 128, "normal");
        var candidate = new Candidate(index, "h200", 8, PlanMode.Colocated, null, [pool], Mtp: false);
        return feasible
            ? new CandidateResult(candidate, null, "found", 1, perGpu, perUser, 100, 20, 0.95, "memory", 0.5, 1, 1, 5)
            : new CandidateResult(candidate, null, "below_range", Probes: 20);
    }
}
