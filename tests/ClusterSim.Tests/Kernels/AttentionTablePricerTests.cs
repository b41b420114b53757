using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;

namespace ClusterSim.Tests.Kernels;

/// <summary>
/// Attention cores from the attention tables: H100's FlashMLA rows at their exact shape, log-space interpolation over
/// the query rows per KV head (h_q·s_q), the roofline outside the measured range, and a test-only prefill table.
/// </summary>
public sealed class AttentionTablePricerTests
{
    private static readonly KernelTables H100Tables = KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), "h100");
    private static readonly RooflineModel H100 = new(HardwareCatalog.Of(TestCatalog.Repository).Load("h100"));
    private static readonly ModelArchitecture DeepSeek = ModelCatalog.Of(TestCatalog.Repository).Load("deepseek-v3");

    /// <summary>The absorbed MLA decode core of DeepSeek-V3 with attention TP <paramref name="tp"/> (128 / tp heads per rank).</summary>
    private static OperatorCost MlaCore(int tp, long requests, long context, long queriesPerRequest = 1)
    {
        var costs = new OperatorCostModel(DeepSeek, new ParallelPlan(tp, 1, 1, 1, 0, tp), DeepSeek.Precision);
        var decode = new AttentionWork(requests, requests * queriesPerRequest, requests * queriesPerRequest * context, requests * queriesPerRequest * context, requests * context, requests * context);
        var ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.DenseFull, new BatchShape(default, decode, requests * queriesPerRequest), ReadOnlySpan<int>.Empty, ops);
        return ops.Take(n).Single(o => o.Kind == OperatorKind.AttentionCore);
    }

    private static KernelPrice Price(in OperatorCost op, KernelTables? tables) =>
        KernelPricing.Price(op, DataType.Bf16, H100, new GemmPricer(H100.Spec, null, maskedGroupedLayout: true), new AttentionTablePricer(tables));

    private static KernelPrice Roofline(in OperatorCost op)
    {
        var priced = H100.Price(op.Flops, op.Bytes, OperationClass.Attention, DataType.Bf16);
        return new KernelPrice(priced.DurationNanoseconds - priced.LaunchNanoseconds, priced.Bound == RooflineBound.Compute, PricingSource.Roofline);
    }

    [Fact]
    public void The_decode_core_carries_the_tables_keys()
    {
        // TP 4: 32 heads per rank; 128 requests at 4,096 tokens of context with one MTP draft (s_q 2).
        var core = MlaCore(tp: 4, requests: 128, context: 4096, queriesPerRequest: 2);
        Assert.Equal(new AttentionShape(AttentionKernel.MlaDecode, DataType.Bf16, 128, 4096, 32, 2, 0), core.Attention);
    }

    [Theory]
    [InlineData(4, 1, 218)]   // h_q 32, s_q 1: its own row
    [InlineData(8, 2, 218)]   // h_q 16, s_q 2: its own row
    [InlineData(2, 1, 223)]   // h_q 64, s_q 1
    [InlineData(16, 2, 215)]  // h_q 8, s_q 2: no row of its own; 16 query rows per KV head is the (16, 1) row
    public void A_measured_shape_costs_its_rows_time(int tp, int queriesPerRequest, double timeUs)
    {
        var price = Price(MlaCore(tp, 128, 4096, queriesPerRequest), H100Tables);
        Assert.Equal(PricingSource.Measured, price.Source);
        Assert.Equal(timeUs * 1e3, price.Nanoseconds, 1e-6);
    }

    [Fact]
    public void Query_rows_between_rows_are_interpolated_in_log_space()
    {
        // h_q 16 with s_q 3 is 48 query rows per KV head, between the 32-row (218 us) and 64-row (223 us) rows at s_q 1:
        // ln t = ln 218 + (ln 48 - ln 32) / (ln 64 - ln 32) x (ln 223 - ln 218).
        var expected = 218 * Math.Pow(223.0 / 218, Math.Log(48.0 / 32) / Math.Log(2));
        var price = Price(MlaCore(tp: 8, 128, 4096, queriesPerRequest: 3), H100Tables);
        Assert.Equal(PricingSource.Interpolated, price.Source);
        Assert.Equal(expected * 1e3, price.Nanoseconds, 1e-6);
    }

    [Fact]
    public void Interpolation_over_query_rows_is_monotone_and_between_its_brackets()
    {
        var pricer = new AttentionTablePricer(H100Tables);
        var previous = 0.0;
        for (var rows = 16.0; rows <= 64; rows += 0.5)
        {
            var answer = pricer.Lookup(new AttentionShape(AttentionKernel.MlaDecode, DataType.Bf16, 128, 4096, rows, 1, 0));
            Assert.True(answer.HasValue, $"{rows} rows");
            var (low, high) = rows <= 32 ? (215.0, 218.0) : (218.0, 223.0);
            Assert.InRange(answer.TimeUs, low, high);
            Assert.True(answer.TimeUs >= previous, $"{answer.TimeUs} us at {rows} rows after {previous}");
            previous = answer.TimeUs;
        }
    }

    [Theory]
    [InlineData(1, 128, 4096)]    // DP attention: all 128 heads on the rank, beyond the table's 64
    [InlineData(4, 64, 4096)]     // batch 64: the table has batch 128 only
    [InlineData(4, 128, 2000)]    // context 2,000: the table has 4,096 only
    public void Outside_the_measured_range_the_core_stays_on_the_roofline(int tp, int requests, int context)
    {
        var core = MlaCore(tp, requests, context);
        Assert.Equal(Roofline(core), Price(core, H100Tables));
    }

    [Fact]
    public void Mixed_batches_and_MLA_prefill_get_no_table_shape()
    {
        var costs = new OperatorCostModel(DeepSeek, new ParallelPlan(1, 1, 1, 1, 0, 1), DeepSeek.Precision);
        var ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var prefill = AttentionWork.PrefillChunk(512, 0, 0);
        var decode = AttentionWork.Decode(4, 4000, 4000);
        var n = costs.WriteLayer(LayerKind.DenseFull, new BatchShape(prefill, decode, 5), ReadOnlySpan<int>.Empty, ops);
        var cores = ops.Take(n).Where(o => o.Kind == OperatorKind.AttentionCore).ToArray();
        // Prefill runs not absorbed (no table), decode absorbed (the MLA decode table's keys).
        Assert.Equal(2, cores.Length);
        Assert.Equal(AttentionKernel.None, cores[0].Attention.Kernel);
        Assert.Equal(AttentionKernel.MlaDecode, cores[1].Attention.Kernel);
        Assert.Equal(1000, cores[1].Attention.Length);
    }

    [Fact]
    public void A_prefill_table_prices_fresh_causal_prompts_exactly_and_between_rows()
    {
        // Test-only table (none ships): batch 1, 8 heads of 128, causal, at 1,024 and 4,096 tokens.
        var dir = Directory.CreateTempSubdirectory("kernels2-prefill");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "testchip"));
            File.WriteAllText(
                Path.Combine(dir.FullName, "testchip", "attention-prefill.csv"),
                "class,format,batch,seq_len,heads,head_dim,causal,time_us,tflops,gbps,source,table,date\n"
                + "attention-prefill,bf16,1,1024,8,128,1,40,,,test,test,2025-01\n"
                + "attention-prefill,bf16,1,4096,8,128,1,400,,,test,test,2025-01\n");
            var tables = KernelTables.Load(dir.FullName, "testchip");
            var llama = ModelCatalog.Of(TestCatalog.Repository).Load("llama-3-70b");
            // TP 8: 64 / 8 = 8 query heads per rank, head_dim 128.
            var costs = new OperatorCostModel(llama, new ParallelPlan(8, 1, 1, 1, 0, 8), llama.Precision);
            OperatorCost Core(long prompt)
            {
                var ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
                var n = costs.WriteLayer(LayerKind.DenseFull, BatchShape.SinglePrefill(prompt, 0), ReadOnlySpan<int>.Empty, ops);
                return ops.Take(n).Single(o => o.Kind == OperatorKind.AttentionCore);
            }

            var exact = Price(Core(1024), tables);
            Assert.Equal(PricingSource.Measured, exact.Source);
            Assert.Equal(40e3, exact.Nanoseconds, 1e-6);

            // 2,048 tokens: the causal square of 2,048 (pairs 2,048 x 2,049 / 2), half-way in log between 1,024 and 4,096.
            var between = Price(Core(2048), tables);
            Assert.Equal(PricingSource.Interpolated, between.Source);
            Assert.Equal(40 * Math.Pow(400.0 / 40, Math.Log(2048.0 / 1024) / Math.Log(4)) * 1e3, between.Nanoseconds, 1e-6);

            // 8,192 tokens lie beyond the last row: the roofline.
            Assert.Equal(PricingSource.Roofline, Price(Core(8192), tables).Source);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
