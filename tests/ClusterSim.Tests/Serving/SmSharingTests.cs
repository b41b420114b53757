using ClusterSim.Analysis;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using ClusterSim.Tests.Workloads;

namespace ClusterSim.Tests.Serving;

/// <summary>
/// Two-batch overlap with SM sharing: DeepEP's normal kernels occupy 24 of Hopper's 132 SMs while they run, so the
/// compute of an MoE layer overlapped by the other micro-batch's all-to-all runs at (132 − 24) / 132 of its speed.
/// </summary>
public sealed class SmSharingTests
{
    private const double Hopper = 132;
    private const double NormalSms = 24;

    private static string Scenario(string experts, int microBatches, string hardware = "h800") =>
        TestScenarios.DeepSeekTwoNodes("sm-sharing", hardware, experts, $"    micro_batches: {microBatches}\n");

    private static Scenario Read(string text) =>
        ScenarioReader.Parse("s.yaml", text, Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios"), []);

    [Fact]
    public void A_compute_and_a_communication_stage_overlap_at_the_hand_priced_period()
    {
        // One micro-batch's layer: compute C = 100 us, then communication M = 110 us. Two micro-batches alternate, so
        // in the steady state each lane carries two stages per layer and the period is 2 × max(lane stage).
        // Without SM sharing: 2 × max(100, 110) = 220 us, communication-bound; the compute lane's 200 us is hidden.
        // With s = 24 of S = 132 SMs: C' = 100 × 132 / 108 = 122.22 us, so 2 × max(122.22, 110) = 244.44 us, and the
        // compute lane is now the bottleneck: nothing of the communication is exposed.
        double[] stages = [100_000, 110_000];
        bool[] lanes = [false, true];
        var unshared = StepPricer.Overlap(stages, lanes, microBatches: 2, computeStretch: 1);
        Assert.Equal(220_000, unshared.Ns, 1e-6);
        Assert.Equal(20_000, unshared.ExposedCommNs, 1e-6);

        var stretch = Hopper / (Hopper - NormalSms);
        var shared = StepPricer.Overlap(stages, lanes, microBatches: 2, computeStretch: stretch);
        Assert.Equal(2 * 100_000 * 132.0 / 108, shared.Ns, 1e-6);
        Assert.Equal(244_444.444, shared.Ns, 1e-2);
        Assert.Equal(0, shared.ExposedCommNs, 1e-6);
        // Attribution: both micro-batches' compute, stretched, fills the period exactly.
        Assert.Equal(shared.Ns, 2 * 100_000 * shared.ComputeScale, 1e-6);
    }

    [Fact]
    public void One_micro_batch_runs_its_stages_back_to_back_whatever_the_stretch()
    {
        // No overlap: C + M = 100 + 110 = 210 us, the all-to-all never runs beside compute.
        double[] stages = [100_000, 110_000];
        bool[] lanes = [false, true];
        var plain = StepPricer.Overlap(stages, lanes, microBatches: 1, computeStretch: 1);
        var stretched = StepPricer.Overlap(stages, lanes, microBatches: 1, computeStretch: Hopper / (Hopper - NormalSms));
        Assert.Equal(210_000, plain.Ns, 1e-6);
        Assert.Equal(plain, stretched);
    }

    [Theory]
    [InlineData("ep: 16, all_to_all: normal", 24, 132.0 / 108)]
    [InlineData("ep: 16", 24, 132.0 / 108)]                              // the cluster default routing is hierarchical: normal kernels
    [InlineData("ep: 16, all_to_all: low-latency", 0, 1)]
    [InlineData("ep: 16, all_to_all: direct", 0, 1)]
    [InlineData("ep: 16, all_to_all: normal, all_to_all_sms: 20", 20, 132.0 / 112)]
    [InlineData("ep: 16, all_to_all: low-latency, all_to_all_sms: 8", 8, 132.0 / 124)]
    public void Each_kernel_family_occupies_its_SMs(string experts, int sms, double stretch)
    {
        var plan = Read(Scenario(experts, 2)).Plan();
        var pool = Assert.Single(plan.Pools);
        Assert.Equal(132, plan.Hardware.StreamingMultiprocessors!.Value.Value);
        Assert.Equal(sms, pool.AllToAll.Sms);
        Assert.Equal(stretch, pool.AllToAll.ComputeStretch(plan.Hardware), 1e-12);
    }

    [Fact]
    public void A_chip_without_an_SM_count_does_not_model_SM_sharing()
    {
        var plan = Read(Scenario("ep: 16, all_to_all: normal", 2, hardware: "mi300x")).Plan();
        Assert.Null(plan.Hardware.StreamingMultiprocessors);
        Assert.Equal(1, Assert.Single(plan.Pools).AllToAll.ComputeStretch(plan.Hardware));
    }

    [Fact]
    public void All_to_all_SMs_must_leave_compute_at_least_one_SM()
    {
        var error = Assert.Throws<InputException>(() => Read(Scenario("ep: 16, all_to_all_sms: 132", 2)).Plan());
        Assert.Equal(
            "s.yaml: deployment.serving.experts.all_to_all_sms: 132 must be a whole number from 0 to 131: NVIDIA H800 SXM has 132 SMs and compute needs at least one",
            error.Message);
    }

    [Fact]
    public void All_to_all_SMs_need_the_hardware_SM_count()
    {
        var error = Assert.Throws<InputException>(() => Read(Scenario("ep: 16, all_to_all_sms: 24", 2, hardware: "mi300x")).Plan());
        Assert.StartsWith("s.yaml: deployment.serving.experts.all_to_all_sms: 24 SMs cannot apply: the hardware file of ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_all_to_all_SMs_are_refused_when_read()
    {
        var error = Assert.Throws<InputException>(() => Read(Scenario("ep: 16, all_to_all_sms: -1", 2)));
        Assert.Equal("deployment.serving.experts.all_to_all_sms", error.KeyPath);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_pricer_stretches_only_two_micro_batch_steps(int microBatches)
    {
        // A decode step of 32 requests per rank at 2,000 tokens of context: the same batch priced with and without
        // the normal kernels' SM share. One micro-batch: identical. Two: longer, but by no more than the stretch.
        var plan = Read(Scenario("ep: 16, all_to_all: normal", microBatches)).Plan();
        var stretch = Assert.Single(plan.Pools).AllToAll.ComputeStretch(plan.Hardware);
        var unshared = PriceDecodeStep(plan, microBatches, stretch: 1);
        var shared = PriceDecodeStep(plan, microBatches, stretch);
        if (microBatches == 1)
        {
            Assert.Equal(unshared, shared);
        }
        else
        {
            Assert.True(shared > unshared, $"{shared} ns with SM sharing, {unshared} ns without");
            Assert.True(shared <= unshared * stretch, $"{shared} ns exceeds {unshared} × {stretch}");
        }
    }

    private static long PriceDecodeStep(DeploymentPlan plan, int microBatches, double stretch)
    {
        var pool = plan.Pools[0];
        var moe = plan.Model.Moe!;
        var pricer = new StepPricer(
            pool.Costs,
            new RooflineModel(plan.Hardware),
            pool.Communication,
            ExpertLoadSampler.Uniform(moe.RoutedExperts, moe.ExpertsPerToken, new RandomStream(1)),
            new StepPricerOptions(microBatches, CudaGraphs: true, DraftTokens: 0, RoutingSamplesPerStep: 2, EpGroups: 1, stretch));
        var batch = new StepBatch(16);
        foreach (var rank in batch.Ranks)
        {
            rank.TokensPerDecode = 1;
            for (var i = 0; i < 32; i++)
            {
                rank.AddDecode(new RequestState(i, default, 1800, 400, null) { PrefilledTokens = 1800, GeneratedTokens = 200 });
            }
        }

        var cost = default(StepCost);
        pricer.Price(batch, ref cost);
        return cost.Duration.Nanoseconds;
    }

    [Fact]
    public void Step_and_layer_fidelity_slow_down_alike()
    {
        // The same light decode load with two micro-batches, with and without the normal kernels' 24 SMs: both
        // fidelities must see longer steps, by about the same factor (each stretches the same MoE compute stages). The
        // mean step is compared rather than TPOT, which also moves with how the runs happen to batch (FidelityTests).
        double MeanStep(string fidelity, string sms) => FidelityTests.MeanStepMs(TestScenarios.Run(TestScenarios.Parse(
            TestScenarios.DeepSeekSmall(ratePerSecond: 4, duration: "8 s", outputMean: 80),
            new ScenarioOverride("deployment.serving.micro_batches", "2"),
            new ScenarioOverride("deployment.serving.experts.all_to_all_sms", sms),
            new ScenarioOverride("simulation.fidelity", fidelity))));

        var stepRatio = MeanStep("step", "24") / MeanStep("step", "0");
        var layerRatio = MeanStep("layer", "24") / MeanStep("layer", "0");
        Assert.True(stepRatio > 1.01, $"step fidelity mean step ratio {stepRatio}");
        Assert.True(layerRatio > 1.01, $"layer fidelity mean step ratio {layerRatio}");
        Assert.True(stepRatio <= 132.0 / 108 + 1e-9, $"step fidelity mean step ratio {stepRatio} exceeds the stretch");
        Assert.Equal(stepRatio, layerRatio, 0.03);
    }
}
