using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Input;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Tests.Serving;

/// <summary>
/// The attention-side memo (<see cref="AttentionPhaseMemo"/>) replays the operators whose prices read only a rank's
/// token counts and prices the context-dependent ones afresh: a step pricer with it prices every step bit for bit as
/// one pricing every rank's attention side in full, over varied prefill and decode mixes, contexts, slowdowns, one and
/// two micro-batches, a link fault's collective costs, with kernel tables and without, MLA and GQA, full and sliding
/// layers, co-located and attention/FFN-disaggregated.
/// </summary>
public sealed class AttentionPhaseMemoTests
{
    private static readonly Catalog Repository = TestCatalog.Repository;
    private static readonly AcceleratorSpec H800 = HardwareCatalog.Of(Repository).Load("h800");
    private static readonly KernelTables Tables = KernelTables.Load(KernelTables.DirectoryOf(Repository), "h800");
    private static readonly CommunicationCosts Healthy = new(8_000, 0.002, 4_000, 0.0009, false);
    private static readonly CommunicationCosts Degraded = new(24_000, 0.011, 9_000, 0.0047, false);

    public static TheoryData<string, int, int, int, bool, int, int, bool> Configurations => new()
    {
        // model, attention TP, attention DP, EP, kernel tables, micro-batches, draft tokens, MLA absorbed in prefill too
        { "deepseek-v3", 1, 16, 16, true, 2, 1, false },
        { "deepseek-v3", 1, 16, 16, false, 1, 0, false },
        { "deepseek-v3", 2, 8, 16, true, 1, 0, true },
        { "deepseek-v3", 2, 8, 16, false, 2, 2, false },
        { "gpt-oss-120b", 2, 4, 8, true, 2, 0, false },
        { "llama-3-70b", 8, 2, 1, false, 2, 0, false },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_pricer_with_the_memo_prices_every_step_as_one_without(string modelName, int tp, int dp, int ep, bool tables, int microBatches, int drafts, bool absorbedPrefill)
    {
        var model = ModelCatalog.Of(Repository).Load(modelName);
        var options = absorbedPrefill ? new AttentionOptions(MlaMode.Absorbed, MlaMode.Absorbed) : AttentionOptions.Default;
        var costs = new OperatorCostModel(model, new ParallelPlan(tp, dp, ep), model.Precision, options);
        var roofline = new RooflineModel(H800);
        var memo = new AttentionPhaseMemo(32, 32);
        var withMemo = Pricer(costs, roofline, tables, microBatches, drafts, memo, without: false);
        var without = Pricer(costs, roofline, tables, microBatches, drafts, null, without: true);
        var random = new RandomStream((ulong)(11 + tp + dp));
        var batch = new StepBatch(dp);
        for (var step = 0; step < 240; step++)
        {
            Configure(step, tp * dp, withMemo, without);
            Fill(batch, random, step);
            AssertPricedAlike(withMemo, without, batch, step);
        }

        // Decode ranks repeat their token counts: many ranks were answered from the memo, and the table was too small
        // to keep every shape, so entries were replaced too.
        var (hits, misses) = memo.Counts;
        Assert.True(3 * hits > hits + misses, $"{hits} hits, {misses} misses");
        Assert.True(misses > memo.Slots, $"{misses} misses in {memo.Slots} slots");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void An_afd_pricer_with_the_memo_prices_every_step_as_one_without(int microBatches)
    {
        var model = ModelCatalog.Of(Repository).Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(2, 4, 8), model.Precision);
        var roofline = new RooflineModel(H800);
        var afd = new AfdCommunication(5_000, 0.02, 7_000, 0.04, 4, 8);
        var withMemo = new AfdStepPricer(costs, roofline, roofline, Healthy, afd, Router(costs), new AfdPricerOptions(microBatches, false, 2));
        var without = new AfdStepPricer(costs, roofline, roofline, Healthy, afd, Router(costs), new AfdPricerOptions(microBatches, false, 2) { WithoutAttentionMemo = true });
        var random = new RandomStream(5);
        var batch = new StepBatch(4);
        for (var step = 0; step < 120; step++)
        {
            Fill(batch, random, step);
            AssertPricedAlike(withMemo, without, batch, step);
        }
    }

    [Fact]
    public void A_memo_bound_to_one_pricing_is_refused_by_another()
    {
        var model = ModelCatalog.Of(Repository).Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(1, 16, 16), model.Precision);
        var roofline = new RooflineModel(H800);
        var memo = new AttentionPhaseMemo();
        var gemms = new GemmPricer(H800, Tables, maskedGroupedLayout: false);
        _ = Pricer(costs, roofline, tables: true, 1, 0, memo, without: false, gemms);
        // The same pool's next instance shares it; one replaying CUDA graphs or with its own GEMM pricer does not.
        _ = Pricer(costs, roofline, tables: true, 1, 0, memo, without: false, gemms);
        Assert.Throws<ArgumentException>(() => Pricer(costs, roofline, tables: true, 1, 0, memo, without: false, gemms, cudaGraphs: false));
        Assert.Throws<ArgumentException>(() => Pricer(costs, roofline, tables: true, 1, 0, memo, without: false));
        Assert.Throws<ArgumentException>(() => new AttentionPhaseMemo(48, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionPhaseMemo(64, 1));
    }

    private static StepPricer Pricer(
        OperatorCostModel costs, RooflineModel roofline, bool tables, int microBatches, int drafts, AttentionPhaseMemo? memo, bool without, GemmPricer? gemms = null, bool cudaGraphs = true)
    {
        var options = new StepPricerOptions(microBatches, cudaGraphs, drafts, RoutingSamplesPerStep: 2, EpGroups: 1, OverlapComputeStretch: 1.1, Kernels: tables ? Tables : null)
        {
            Gemms = gemms,
            AttentionMemo = memo,
            WithoutAttentionMemo = without,
        };
        return new StepPricer(costs, roofline, Healthy, options, costs.Model.IsMoe ? Router(costs) : null);
    }

    private static ExpertRouter Router(OperatorCostModel costs)
    {
        var moe = costs.Model.Moe!;
        return ExpertLoadSampler.Uniform(moe.RoutedExperts, moe.ExpertsPerToken, new RandomStream(7)).ToContiguousRouter(costs);
    }

    // A straggler between steps 30 and 150, a link fault between steps 60 and 120 (both pricers alike).
    private static void Configure(int step, int accelerators, params StepPricer[] pricers)
    {
        foreach (var pricer in pricers)
        {
            if (step == 30 || step == 150)
            {
                pricer.SetAcceleratorSpeed(accelerators - 1, step == 30 ? 0.6 : 1);
            }

            if (step == 60 || step == 120)
            {
                pricer.Communication = step == 60 ? Degraded : Healthy;
            }
        }
    }

    // Each rank: empty, decoding a few requests (token counts that recur, contexts that do not), prefilling one or two
    // chunks, or both (then often the same total tokens with another split). Every tenth step is decode only at recurring counts, as a decode pool runs.
    private static void Fill(StepBatch batch, RandomStream random, int step)
    {
        var id = 0L;
        foreach (var rank in batch.Ranks)
        {
            rank.Clear();
            rank.TokensPerDecode = 1;
            var mode = step % 10 == 0 ? 1 : random.NextInt(5);
            if (mode == 0)
            {
                continue;
            }

            if (mode is 1 or 3 or 4)
            {
                var decodes = random.NextInt(1, 9);
                for (var i = 0; i < decodes; i++)
                {
                    var prompt = random.NextInt(1, 30_000);
                    rank.AddDecode(new RequestState(id++, default, prompt, 400, null) { PrefilledTokens = prompt, GeneratedTokens = random.NextInt(1, 300) });
                }
            }

            if (mode is 2 or 3)
            {
                // Half the mixed ranks feed 64 tokens in all, split differently between the phases.
                var fixedTotal = mode == 3 && random.NextInt(2) == 0;
                var chunks = fixedTotal ? 1 : random.NextInt(1, 3);
                for (var i = 0; i < chunks; i++)
                {
                    var newTokens = fixedTotal ? 64 - rank.Decodes.Count : random.NextInt(3) == 0 ? random.NextInt(1, 2_000) : 256;
                    var cached = random.NextInt(2) == 0 ? 0 : random.NextInt(1, 8_000);
                    var request = new RequestState(id++, default, cached + newTokens + random.NextInt(0, 2), 100, null);
                    rank.Prefills.Add(new PrefillChunk(request, newTokens, cached));
                    rank.PrefillTokens += newTokens;
                }
            }
        }
    }

    // Prices one step with both pricers and compares every field.
    private static void AssertPricedAlike(IStepPricer withMemo, IStepPricer without, StepBatch batch, int step)
    {
        var a = default(StepCost);
        var b = default(StepCost);
        withMemo.Price(batch, ref a);
        without.Price(batch, ref b);
        AssertSame(b, a, step);
    }

    private static void AssertSame(in StepCost expected, in StepCost actual, int step)
    {
        Assert.Equal(expected.Duration, actual.Duration);
        foreach (var field in typeof(StepCost).GetFields())
        {
            if (field.FieldType == typeof(double))
            {
                var e = (double)field.GetValue(expected)!;
                var a = (double)field.GetValue(actual)!;
                Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a), $"step {step}: {field.Name} {a:R} with the memo, {e:R} without");
            }
        }
    }
}
