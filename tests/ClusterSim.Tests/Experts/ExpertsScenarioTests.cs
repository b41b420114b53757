using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Planning;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using Xunit;
using ClusterSim.Input;

namespace ClusterSim.Tests.Experts;

public sealed class ExpertsScenarioTests
{
    private static readonly string Root = TestCatalog.Repository.ScenariosDirectory;

    [Fact]
    public void Parse_reads_drifting_zipf_with_eplb_and_rebalancing()
    {
        var scenario = Parse("""
            experts:
              routing: { distribution: drifting, base: zipf, s: 1.1, drift: random-walk, rate: 0.2 }
              placement: eplb
              rebalance: { interval: 30 s, window: 10 s, min_gain: 0.1 }
              samples_per_step: all
            """);
        var e = scenario.ExpertsOrDefault;
        Assert.Equal(new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1.1, Drift: DriftKind.RandomWalk, DriftRate: 0.2), e.Routing);
        Assert.Equal(PlacementKind.Eplb, e.Placement);
        Assert.Equal(new ExpertRebalanceSpec(SimDuration.FromSeconds(30), SimDuration.FromSeconds(10), 0.1), e.Rebalance);
        Assert.Equal(0, e.SamplesPerStep);
    }

    [Fact]
    public void Parse_without_an_experts_section_routes_with_the_measured_skew_and_contiguous_placement()
    {
        Assert.Equal(ExpertsSpec.Default, Parse(string.Empty).ExpertsOrDefault);
        Assert.Equal(ExpertRoutingSpec.Measured, ExpertsSpec.Default.Routing);
        // Placement unset: EPLB where a pool has redundant slots (DeepSeek's 32), contiguous where it has none.
        Assert.Null(ExpertsSpec.Default.Placement);
        Assert.Equal(PlacementKind.Eplb, ExpertsSpec.Default.PlacementFor(32));
        Assert.Equal(PlacementKind.Contiguous, ExpertsSpec.Default.PlacementFor(0));
        Assert.Equal(ExpertRoutingSpec.Measured with { GroupLimited = true }, Parse("experts: { routing: group-limited }").ExpertsOrDefault.Routing);
        Assert.Equal(ExpertRoutingSpec.Measured, Parse("experts: { placement: eplb }").ExpertsOrDefault.Routing);
        Assert.Equal(ExpertRoutingSpec.Measured, Parse("experts: { routing: measured }").ExpertsOrDefault.Routing);
        Assert.Equal(
            ExpertRoutingSpec.Measured with { Drift = DriftKind.Rotate, DriftRate = 0.5 },
            Parse("experts: { routing: { distribution: drifting, rate: 0.5 } }").ExpertsOrDefault.Routing);
    }

    [Fact]
    public void Parse_uniform_routing_gives_the_spec_that_was_the_default_before_measured_skew()
    {
        // The old default was new(ExpertRoutingSpec.Uniform, Contiguous, Off) with two samples per step. Uniform
        // routing leaves placement contiguous even where a pool has redundant slots, and the window is read only by
        // EPLB placement, so a run is exactly the old one.
        var e = Parse("experts: { routing: uniform }").ExpertsOrDefault;
        Assert.Equal(new ExpertRoutingSpec(), e.Routing);
        Assert.Equal(new ExpertsSpec(new ExpertRoutingSpec(), null, ExpertRebalanceSpec.Off, 2, e.EplbWindowTokens), e);
        Assert.Equal(PlacementKind.Contiguous, e.PlacementFor(32));
        Assert.Equal(PlacementKind.Contiguous, e.PlacementFor(0));
        Assert.Equal(PlacementKind.Eplb, Parse("experts: { routing: uniform, placement: eplb }").ExpertsOrDefault.PlacementFor(0));
        Assert.Equal(PlacementKind.Contiguous, Parse("experts: { placement: contiguous }").ExpertsOrDefault.PlacementFor(32));
    }

    [Fact]
    public void Parse_reads_the_eplb_window_in_tokens_or_exact()
    {
        Assert.Equal(409_600, Parse("experts: { placement: eplb }").ExpertsOrDefault.EplbWindowTokens);
        Assert.Equal(50_000, Parse("experts: { placement: eplb, eplb_window_tokens: 50000 }").ExpertsOrDefault.EplbWindowTokens);
        Assert.Equal(0, Parse("experts: { placement: eplb, eplb_window_tokens: exact }").ExpertsOrDefault.EplbWindowTokens);
    }

    [Theory]
    [InlineData("experts: { routing: { distribution: zipf } }", "experts.routing.s", "missing key 's'")]
    [InlineData("experts: { routing: zipf }", "experts.routing", "needs parameters")]
    [InlineData("experts: { routing: { distribution: zipf, s: 1, drift: rotate } }", "experts.routing.drift", "only distribution: drifting")]
    [InlineData("experts: { placement: contiguous, rebalance: { interval: 10 s } }", "experts.rebalance", "placement: eplb")]
    [InlineData("experts: { routing: { distribution: empirical, path: no-such.csv } }", "experts.routing.path", "file not found")]
    [InlineData("experts: { placement: eplbb }", "experts.placement", "did you mean 'eplb'")]
    [InlineData("experts: { placement: eplb, eplb_window_tokens: 0 }", "experts.eplb_window_tokens", "at least 1")]
    [InlineData("experts: { placement: eplb, eplb_window_tokens: lots }", "experts.eplb_window_tokens", "lots")]
    [InlineData("experts: { placement: contiguous, eplb_window_tokens: 1000 }", "experts.eplb_window_tokens", "placement: eplb")]
    [InlineData("experts: { routing: { distribution: measured, sigma: 0.5 } }", "experts.routing.sigma", "distribution: lognormal")]
    [InlineData("experts: { routing: measurd }", "experts.routing", "did you mean 'measured'")]
    public void Parse_refuses_bad_experts_keys_naming_the_key(string yaml, string keyPath, string fragment)
    {
        var e = Assert.Throws<InputException>(() => Parse(yaml));
        Assert.Contains(keyPath, e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Histogram_read_normalises_layers_and_fills_missing_layers_with_the_mean()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "layer,expert,weight\n0,0,3\n0,1,1\n# a comment\n2,1,5\n");
        try
        {
            var histogram = ExpertHistogram.Read(path);
            // Layer 0: [3, 1] / 4 = [0.75, 0.25]; layer 2: [0, 5] / 5 = [0, 1]; layer 1 is missing: the mean
            // [(0.75 + 0) / 2, (0.25 + 1) / 2] = [0.375, 0.625]. Expert 2 never appears: weight 0.
            Assert.Equal([0.75, 0.25, 0], histogram.PopularityOf(0, 3));
            Assert.Equal([0.375, 0.625, 0], histogram.PopularityOf(1, 3));
            Assert.Null(histogram.Mismatch(3, 3));
            Assert.Contains("layer 2 does not exist", histogram.Mismatch(3, 2), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("layer,expert,count\n0,0,1\n", "row 1: the header must be 'layer,expert,weight'")]
    [InlineData("layer,expert,weight\n0,0,-1\n", "row 2: weight '-1' must be a finite number ≥ 0")]
    [InlineData("layer,expert,weight\n0,x,1\n", "row 2: expert 'x' must be a whole number")]
    [InlineData("layer,expert,weight\n0,0,1\n0,0,2\n", "row 3: layer 0 expert 0 appears twice")]
    [InlineData("layer,expert,weight\n0,0,0\n", "layer 0 has no positive weight")]
    public void Histogram_read_names_the_row_and_what_is_wrong(string text, string fragment)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, text);
        try
        {
            var e = Assert.Throws<ExpertHistogramException>(() => ExpertHistogram.Read(path));
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
            Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Afd_scenario_and_its_colocated_twin_use_the_same_accelerators()
    {
        var afd = ScenarioReader.Load(Path.Combine(Root, "afd-vs-ep.yaml"));
        var twin = ScenarioReader.Load(Path.Combine(Root, "afd-vs-ep-colocated.yaml"));
        Assert.Equal(DeploymentMode.Afd, afd.Deployment.Mode);
        Assert.Equal(DeploymentMode.Colocated, twin.Deployment.Mode);
        // AFD: 16 attention + 16 expert GPUs; twin: one instance of 32.
        Assert.Equal(32, afd.Deployment.Accelerators);
        Assert.Equal(afd.Deployment.Accelerators, twin.Deployment.Accelerators);
        Assert.Equal(afd.Workload, twin.Workload);
        Assert.Equal(afd.ExpertsOrDefault, twin.ExpertsOrDefault);
    }

    [Fact]
    public void Resolve_afd_puts_expert_ranks_after_the_attention_pool_and_keeps_routed_experts_off_attention()
    {
        var afd = ScenarioReader.Load(Path.Combine(Root, "afd-vs-ep.yaml"));
        var twin = ScenarioReader.Load(Path.Combine(Root, "afd-vs-ep-colocated.yaml"));
        var pools = afd.Plan().Pools;
        var setup = Assert.Single(pools);
        var expertSide = Assert.IsType<AfdPoolPlan>(setup.Afd);
        Assert.Equal([16], expertSide.FirstExpertAccelerators);
        Assert.Equal(16, setup.Plan.ExpertParallel);
        Assert.True(expertSide.Communication.DispatchNsPerByte > 0, "transfers cross the fabric");
        // 16 expert slots × 58 MoE layers × 3·7168·2048 FP8 weights × (1 + 4/16384) bytes (128×128-block scales) = 40.88 GB
        // on each expert GPU.
        Assert.Equal(16.0 * 58 * 3 * 7168 * 2048 * (1 + (4.0 / 16384)), expertSide.ExpertWeightBytes, 1e6);
        var colocated = Assert.Single(twin.Plan().Pools);
        Assert.True(setup.Memory.WeightBytes < colocated.Memory.WeightBytes, "attention GPUs hold no routed experts");
        Assert.True(setup.Memory.KvBlocksPerRank > colocated.Memory.KvBlocksPerRank);
    }

    [Theory]
    [InlineData("  attention: { accelerators_per_instance: 8, experts: { ep: 8 } }\n  experts: { accelerators_per_instance: 8 }", "deployment.attention.experts")]
    [InlineData("  attention: { accelerators_per_instance: 8 }\n  experts: { accelerators_per_instance: 8, hardware: h2000 }", "deployment.experts.hardware")]
    [InlineData("  attention: { accelerators_per_instance: 8 }\n  experts: { accelerators_per_instance: 12 }", "deployment.experts.accelerators_per_instance")]
    public void Parse_refuses_bad_afd_deployments_naming_the_key(string pools, string keyPath)
    {
        var text = File.ReadAllText(Path.Combine(Root, "afd-vs-ep.yaml"));
        var start = text.IndexOf("deployment:", StringComparison.Ordinal);
        var end = text.IndexOf("workload:", StringComparison.Ordinal);
        var yaml = text[..start] + "deployment:\n  mode: afd\n" + pools + "\n\n" + text[end..];
        var e = Assert.Throws<InputException>(() => ScenarioReader.Parse("afd.yaml", yaml, Root).Plan());
        Assert.Contains(keyPath, e.Message, StringComparison.Ordinal);
    }

    private static Scenario Parse(string experts)
    {
        var text = File.ReadAllText(Path.Combine(Root, "default.yaml")) + "\n" + experts + "\n";
        return ScenarioReader.Parse("test.yaml", text, Root);
    }
}
