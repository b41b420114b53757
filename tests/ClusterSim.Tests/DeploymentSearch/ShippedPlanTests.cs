using ClusterSim.DeploymentSearch;
using ClusterSim.Tests.Schemas;

namespace ClusterSim.Tests.DeploymentSearch;

public sealed class ShippedPlanTests
{
    private static string Plans => Path.Combine(TestCatalog.Repository.ScenariosDirectory, "plans");

    public static TheoryData<string> ShippedPlans() => [.. Directory.EnumerateFiles(Plans, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedPlans))]
    public void A_shipped_plan_is_read_and_passes_the_schema(string file)
    {
        var path = Path.Combine(Plans, file);

        var plan = PlanReader.Load(path);

        Assert.NotEmpty(CandidateSpace.Enumerate(plan));
        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Plan, YamlJson.Load(path)));
        Assert.Equal("# yaml-language-server: $schema=../schemas/plan.schema.json", File.ReadLines(path).First());
    }

    [Fact]
    public void The_worked_example_has_at_least_200_candidates_on_at_most_64_gpus()
    {
        var plan = PlanReader.Load(Path.Combine(Plans, "deepseek-v3-h200.yaml"));

        var candidates = CandidateSpace.Enumerate(plan);

        Assert.True(candidates.Count >= 200, $"{candidates.Count} candidates");
        Assert.Equal(64, candidates.Max(c => c.Gpus));
        Assert.Equal(32, candidates.Min(c => c.Gpus));
        Assert.Contains(candidates, c => c.Mode == PlanMode.Disaggregated);
        Assert.Equal(candidates.Count, candidates.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void A_candidate_scenario_keeps_the_base_traffic_and_seed_and_sets_the_deployment()
    {
        var plan = PlanReader.Load(Path.Combine(Plans, "deepseek-v3-h200.yaml"));
        var candidate = CandidateSpace.Enumerate(plan).First(c => c.Mode == PlanMode.Disaggregated && c.Gpus == 64);
        var scenarios = new CandidateScenario(plan);

        var scenario = scenarios.Read(candidate, ratePerSecond: 7);

        Assert.Equal(42UL, scenario.Seed);
        Assert.Equal(8, scenario.Cluster.Nodes);
        var workload = Assert.IsType<ClusterSim.Workloads.SyntheticWorkloadSpec>(scenario.Workload);
        Assert.Equal(7, workload.Arrival.RatePerSecond);
        Assert.Equal(1000, workload.OutputTokens.Mean);
        Assert.Equal(["prefill", "decode"], scenario.Deployment.Pools.Select(p => p.Name));
        Assert.Equal(candidate.Pools.Select(p => (p.Instances, p.Ep, p.Tp, p.Dp)), scenario.Deployment.Pools.Select(p => (p.Instances, p.AcceleratorsPerInstance, p.AttentionTp, p.AttentionDp)));
        Assert.Equal(candidate.Mtp ? 1 : 0, scenario.Scheduler.DraftTokens);
    }
}
