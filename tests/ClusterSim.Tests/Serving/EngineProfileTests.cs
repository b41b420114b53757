using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Models;
using ClusterSim.Planning;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Serving;
using ClusterSim.Tests.Workloads;
using HardwareCatalog = ClusterSim.Tests.Hardware.Catalog;
using ModelCatalog = ClusterSim.Tests.Models.Catalog;

namespace ClusterSim.Tests.Serving;

/// <summary><c>scheduler.engine</c>: the key, the shipped profiles, and host overhead paid once per step (or hidden).</summary>
public sealed class EngineProfileTests
{
    private const string File = "s.yaml";

    private const string Valid = """
        name: t
        seed: 1
        model: llama-3-70b
        hardware: h100
        cluster:
          nodes: 1
          accelerators_per_node: 8
        deployment:
          mode: colocated
          serving:
            accelerators_per_instance: 8
            attention: { tp: 8, dp: 1 }
        workload:
          rate_per_s: 2
          input_tokens: 1000
          output_tokens: 100
          duration: 10 s
        """;

    private static string ScenariosDirectory => Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios");

    private static Scenario Read(params string[] overrides) =>
        ScenarioReader.Parse(File, Valid, ScenariosDirectory, overrides.Select(ScenarioOverride.Parse).ToList());

    private static EngineProfile Profile(double perStepUs, double perRequestUs, bool overlap)
    {
        var source = new Source(SourceKind.Assumed, "test");
        return new EngineProfile(
            "test",
            new(SimDuration.FromMicroseconds(perStepUs), source),
            new(SimDuration.FromMicroseconds(perRequestUs), source),
            new(overlap, source));
    }

    [Fact]
    public void The_default_engine_is_sglang_with_its_overlap_scheduler()
    {
        var scenario = Read();
        Assert.Equal("sglang", scenario.Scheduler.Engine);
        var engine = scenario.Plan().Engine;
        Assert.Equal("sglang", engine.Name);
        Assert.True(engine.OverlapScheduler.Value);
    }

    [Theory]
    [InlineData("sglang", true)]
    [InlineData("vllm", false)]
    [InlineData("trtllm", true)]
    [InlineData("ideal", false)]
    public void Each_engine_resolves_to_its_shipped_profile(string name, bool overlaps)
    {
        var engine = Read($"scheduler.engine={name}").Plan().Engine;
        Assert.Equal(name, engine.Name);
        Assert.Equal(overlaps, engine.OverlapScheduler.Value);
        // Every figure says where it comes from; the per-iteration times are assumed unless an engine publishes them.
        Assert.All(new[] { engine.HostPerStep.Source, engine.HostPerRequest.Source, engine.OverlapScheduler.Source }, s => Assert.NotEmpty(s.Text));
        if (name == "ideal")
        {
            Assert.Equal(0, engine.HostPerStep.Value.Nanoseconds);
            Assert.Equal(0, engine.HostPerRequest.Value.Nanoseconds);
        }
        else
        {
            Assert.Equal(SourceKind.Assumed, engine.HostPerStep.Source.Kind);
            Assert.True(engine.HostPerStep.Value.Nanoseconds > 0);
        }
    }

    [Fact]
    public void A_bad_engine_is_a_one_line_error_listing_the_engines()
    {
        var error = Assert.Throws<InputException>(() => Read("scheduler.engine=tgi")).Message;
        Assert.Equal("s.yaml: scheduler.engine: 'tgi' is not allowed; allowed: sglang, vllm, trtllm, ideal", error);
    }

    [Fact]
    public void Exposed_host_time_is_all_of_it_without_overlap_and_only_the_excess_with_it()
    {
        // 1 ms + 32 requests · 10 µs = 1.32 ms of host work.
        Assert.Equal(1_320_000, Profile(1000, 10, overlap: false).ExposedHostNs(5_000_000, 32), 6);
        // Overlapped behind a 5 ms GPU step: nothing exposed; behind a 1 ms step: 0.32 ms exposed.
        Assert.Equal(0, Profile(1000, 10, overlap: true).ExposedHostNs(5_000_000, 32));
        Assert.Equal(320_000, Profile(1000, 10, overlap: true).ExposedHostNs(1_000_000, 32), 6);
    }

    [Fact]
    public void Host_overhead_is_added_once_per_step_and_booked_so_the_shares_still_sum_to_the_duration()
    {
        // Llama-3-70B on 8 H100 (TP 8), one rank of 32 decodes: the step grows by exactly 1 ms + 32 · 10 µs (1 ns of
        // rounding allowed, the duration is a ceiling).
        var costs = new OperatorCostModel(ModelCatalog.Load("llama-3-70b"), new ParallelPlan(AttentionTensorParallel: 8));
        var roofline = new RooflineModel(HardwareCatalog.Load("h100"));
        var options = new StepPricerOptions(1, true, 0, 1, 1);
        var batch = Afd.AfdPricerTests.DecodeBatch(ranks: 1, requestsPerRank: 32, context: 1000);
        StepCost Price(EngineProfile engine)
        {
            var pricer = new StepPricer(costs, roofline, CommunicationCosts.None, options, router: null) { Engine = engine };
            var cost = default(StepCost);
            pricer.Price(batch, ref cost);
            return cost;
        }

        var ideal = Price(EngineProfile.Ideal);
        var sequential = Price(Profile(1000, 10, overlap: false));
        Assert.InRange(sequential.Duration.Nanoseconds - ideal.Duration.Nanoseconds, 1_320_000 - 1, 1_320_000 + 1);
        var shares = sequential.ComputeBoundNs + sequential.MemoryBoundNs + sequential.CommunicationNs + sequential.ImbalanceNs;
        Assert.Equal(sequential.Duration.Nanoseconds, shares, 1e-3);

        // Overlapped host work shorter than the GPU step is hidden; longer than it, the step lasts as long as the host.
        Assert.Equal(ideal.Duration, Price(Profile(1000, 10, overlap: true)).Duration);
        var slowHost = Price(Profile(1_000_000, 10, overlap: true));
        Assert.InRange(slowHost.Duration.Nanoseconds, 1_000_320_000, 1_000_320_001);
    }

    [Fact]
    public void The_afd_pricer_adds_the_same_host_time_once_per_step()
    {
        // DeepSeek-V3, 8 attention ranks of 64 decodes driving 8 expert ranks: 1 ms + 64 · 10 µs = 1.64 ms more per step.
        var model = ModelCatalog.Load("deepseek-v3");
        var h200 = new RooflineModel(HardwareCatalog.Load("h200"));
        var costs = new OperatorCostModel(model, new ParallelPlan(1, 8, 8), model.Precision);
        var batch = Afd.AfdPricerTests.DecodeBatch(ranks: 8, requestsPerRank: 64, context: 2000);
        long Duration(EngineProfile engine)
        {
            var popularity = ExpertPopularity.Fixed(Enumerable.Repeat(1.0, 256).ToArray());
            var router = new ExpertRouter(
                popularity, new RoutingSampler(256, 8, 1, 1, new RandomStream(5)), PlacementKind.Contiguous,
                ExpertRebalanceSpec.Off, 8, costs.ExpertsPerRank, new ExpertMigrationCost(0, 0, 0), () => SimTime.Zero);
            var pricer = new AfdStepPricer(costs, h200, h200, CommunicationCosts.None, AfdCommunication.Unbounded(8, 8), router, new AfdPricerOptions(1, true, 2)) { Engine = engine };
            var cost = default(StepCost);
            pricer.Price(batch, ref cost);
            return cost.Duration.Nanoseconds;
        }

        Assert.InRange(Duration(Profile(1000, 10, overlap: false)) - Duration(EngineProfile.Ideal), 1_640_000 - 1, 1_640_000 + 1);
    }

    [Fact]
    public void A_profile_file_with_an_unknown_source_is_a_one_line_error()
    {
        const string text = """
            name: x
            host_overhead_per_step: { value: 1 ms, source: nowhere }
            host_overhead_per_request: { value: 0 us, source: "assumed: none" }
            overlap_scheduler: { value: false, source: "assumed: none" }
            """;
        var error = Assert.Throws<InputException>(() => EngineCatalog.Parse("e.yaml", text)).Message;
        Assert.StartsWith("e.yaml: host_overhead_per_step.source: 'nowhere' is neither a name under 'sources'", error);
    }
}
