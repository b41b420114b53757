using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Serving;
using ClusterSim.Tests.Afd;

namespace ClusterSim.Tests.Kernels;

/// <summary>
/// Dispatch and combine from DeepEP's tables: exact rows, log-space interpolation over EP, the flow model outside the
/// measured range, and a step priced with a low-latency table against the same step with the table's times by hand.
/// </summary>
public sealed class AllToAllTablePricerTests
{
    private static readonly KernelTables H800Tables = KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), "h800");

    private static AllToAllTablePricer LowLatency => new(H800Tables, AllToAllKernels.LowLatency, crossesDomains: true);

    [Theory]
    [InlineData(8, 77, 114)]
    [InlineData(16, 118, 195)]
    [InlineData(256, 194, 360)]
    public void An_exact_row_is_its_published_time(int ep, double dispatchUs, double combineUs)
    {
        var dispatch = LowLatency.Dispatch(DataType.Fp8, ep, 128, 7168, 8);
        var combine = LowLatency.Combine(DataType.Bf16, ep, 128, 7168, 8);
        Assert.Equal(KernelProvenance.Measured, dispatch.Provenance);
        Assert.Equal(dispatchUs, dispatch.TimeUs);
        Assert.Equal(KernelProvenance.Measured, combine.Provenance);
        Assert.Equal(combineUs, combine.TimeUs);
    }

    [Fact]
    public void EP_between_rows_is_interpolated_in_log_space()
    {
        // EP 144 (DeepSeek's decode unit) between EP 128 (192 us) and 256 (194 us):
        // t = 192 x (194 / 192)^(ln(144/128) / ln 2). EP 24 between 16 (118 us) and 32 (155 us) likewise.
        var ep144 = LowLatency.Dispatch(DataType.Fp8, 144, 128, 7168, 8);
        Assert.Equal(KernelProvenance.Interpolated, ep144.Provenance);
        Assert.Equal(192 * Math.Pow(194.0 / 192, Math.Log(144.0 / 128) / Math.Log(2)), ep144.TimeUs, 1e-9);
        var ep24 = LowLatency.Combine(DataType.Bf16, 24, 128, 7168, 8);
        Assert.Equal(195 * Math.Pow(273.0 / 195, Math.Log(24.0 / 16) / Math.Log(2)), ep24.TimeUs, 1e-9);
    }

    [Fact]
    public void Interpolation_over_EP_is_monotone_and_between_its_brackets()
    {
        // Dispatch rows: 8 -> 77, 16 -> 118, 32 -> 155, 64 -> 173, 128 -> 192, 256 -> 194 (rising).
        (double Ep, double Us)[] rows = [(8, 77), (16, 118), (32, 155), (64, 173), (128, 192), (256, 194)];
        var previous = 0.0;
        for (var ep = 8; ep <= 256; ep++)
        {
            var t = LowLatency.Dispatch(DataType.Fp8, ep, 128, 7168, 8).TimeUs;
            var upper = rows.First(r => r.Ep >= ep);
            var lower = rows.Last(r => r.Ep <= ep);
            Assert.InRange(t, lower.Us, upper.Us);
            Assert.True(t >= previous, $"EP {ep}: {t} us after {previous}");
            previous = t;
        }
    }

    [Theory]
    [InlineData(16, 64, 7168, 8)]    // 64 tokens per rank: only 128 was measured
    [InlineData(16, 128, 4096, 8)]   // another hidden size: not scaled, not priced
    [InlineData(16, 128, 7168, 6)]   // another top-k
    [InlineData(512, 128, 7168, 8)]  // beyond EP 256
    public void Shapes_the_table_does_not_bracket_get_no_answer(int ep, double tokens, double hidden, double topk) =>
        Assert.False(LowLatency.Dispatch(DataType.Fp8, ep, tokens, hidden, topk).HasValue);

    [Fact]
    public void Normal_kernel_rows_publish_no_time_so_the_flow_model_keeps_them()
    {
        var normal = new AllToAllTablePricer(H800Tables, AllToAllKernels.Normal, crossesDomains: true);
        Assert.True(normal.HasTables);
        Assert.Equal(KernelLink.Rdma, normal.Link);
        Assert.False(normal.Dispatch(DataType.Fp8, 16, 4096, 7168, 8).HasValue);
    }

    [Theory]
    [InlineData(128, true)]   // balanced decode of 128 requests per rank: 128 tokens per rank, DeepEP's own setting
    [InlineData(64, false)]   // 64 tokens per rank: not measured, the fabric's (no time)
    public void Analyze_prices_dispatch_and_combine_from_the_table_where_it_covers_the_balanced_step(int batch, bool priced)
    {
        // DeepSeek's decode unit: attention DP 144, EP 144 with 32 redundant slots, low-latency kernels.
        var model = ModelCatalog.Of(TestCatalog.Repository).Load("deepseek-v3");
        var roofline = new RooflineModel(HardwareCatalog.Of(TestCatalog.Repository).Load("h800"));
        var rows = ClusterSim.Analysis.DecodeOperatorBounds.Of(model, new ParallelPlan(1, 144, 144, 1, 32, 1), roofline, batch, 4096, model.Precision, allToAll: LowLatency);
        var dispatch = rows.First(r => r.Kind == OperatorKind.Dispatch);
        var combine = rows.First(r => r.Kind == OperatorKind.Combine);
        if (!priced)
        {
            Assert.True(double.IsNaN(dispatch.TimeUs));
            Assert.Null(dispatch.Pricing);
            return;
        }

        // EP 144 between the EP 128 and 256 rows, log-log: dispatch 192 -> 194 us, combine 369 -> 360 us.
        var w = Math.Log(144.0 / 128) / Math.Log(2);
        Assert.Equal(ClusterSim.Analysis.PricingSource.Interpolated, dispatch.Pricing);
        Assert.Equal(192 * Math.Pow(194.0 / 192, w), dispatch.TimeUs, 1e-9);
        Assert.Equal(369 * Math.Pow(360.0 / 369, w), combine.TimeUs, 1e-9);
    }

    /// <summary>
    /// A test-only low-latency table at EP 2, flat in tokens per rank between 16 and 128 (so any busiest-rank load in that
    /// range reads 50 us dispatch and 70 us combine), and two pricers alike but for the table.
    /// </summary>
    private static (StepPricer WithTable, StepPricer FlowOnly, int MoeLayers, CommunicationCosts Line) TwoPricers(DirectoryInfo dir)
    {
        Directory.CreateDirectory(Path.Combine(dir.FullName, "testchip"));
        const string header = "class,format,link,ep,tokens_per_rank,hidden,topk,time_us,tflops,gbps,source,table,date\n";
        File.WriteAllText(
            Path.Combine(dir.FullName, "testchip", "moe-dispatch-low-latency.csv"),
            header + "moe-dispatch-low-latency,fp8,rdma,2,16,7168,8,50,,,test,test,2025-01\nmoe-dispatch-low-latency,fp8,rdma,2,128,7168,8,50,,,test,test,2025-01\n");
        File.WriteAllText(
            Path.Combine(dir.FullName, "testchip", "moe-combine-low-latency.csv"),
            header + "moe-combine-low-latency,bf16,rdma,2,16,7168,8,70,,,test,test,2025-01\nmoe-combine-low-latency,bf16,rdma,2,128,7168,8,70,,,test,test,2025-01\n");
        var tables = KernelTables.Load(dir.FullName, "testchip");
        var model = ModelCatalog.Of(TestCatalog.Repository).Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(1, 2, 2, 1, 0, 2), model.Precision);
        var roofline = new RooflineModel(HardwareCatalog.Of(TestCatalog.Repository).Load("h800"));
        // The flow model's line: 10 us + 0.01 ns per byte of the busiest rank; no tensor parallelism.
        var line = new CommunicationCosts(10_000, 0.01, 0, 0, AllToAllCrossesNodes: true);
        StepPricer Pricer(KernelTables? t) => new(
            costs,
            roofline,
            line,
            ExpertLoadSampler.Uniform(model.Moe!.RoutedExperts, model.Moe.ExpertsPerToken, new RandomStream(7)),
            new StepPricerOptions(1, CudaGraphs: true, DraftTokens: 0, RoutingSamplesPerStep: 2, EpGroups: 1, Kernels: t, MaskedGroupedGemm: true, AllToAll: AllToAllKernels.LowLatency));
        return (Pricer(tables), Pricer(null), model.LayerCounts.Moe, line);
    }

    [Fact]
    public void A_step_with_a_low_latency_table_is_the_flow_priced_step_with_the_tables_times()
    {
        var dir = Directory.CreateTempSubdirectory("kernels2-a2a");
        try
        {
            var (withTable, flowOnly, moeLayers, _) = TwoPricers(dir);
            // 40 decode requests per rank: the busiest rank carries 40 x 8 = 320 to 640 copies, 40 to 80 tokens' worth.
            var batch = AfdPricerTests.DecodeBatch(2, 40, 1000);
            var table = default(StepCost);
            var flow = default(StepCost);
            withTable.Price(batch, ref table);
            flowOnly.Price(batch, ref flow);

            // Hand-priced: one micro-batch, so each MoE layer's dispatch and combine add straight to the step; the table
            // makes them 50 + 70 us instead of the flow line's (booked by the flow-only step), everything else alike.
            var tableComm = moeLayers * (50e3 + 70e3);
            Assert.Equal(tableComm, table.InterpolatedCommunicationNs, 1e-6);
            Assert.Equal(0, table.MeasuredCommunicationNs);
            Assert.Equal(0, table.FlowCommunicationNs);
            Assert.Equal(0, flow.InterpolatedCommunicationNs);
            Assert.True(flow.FlowCommunicationNs > moeLayers * 2 * 10e3, $"{flow.FlowCommunicationNs} ns of flow-model all-to-all");
            var expected = flow.Duration.Nanoseconds - flow.FlowCommunicationNs + tableComm;
            Assert.Equal(expected, table.Duration.Nanoseconds, 1.0);
            Assert.Equal(flow.MeasuredKernelNs + flow.InterpolatedKernelNs + flow.TileModelKernelNs + flow.RooflineKernelNs, table.MeasuredKernelNs + table.InterpolatedKernelNs + table.TileModelKernelNs + table.RooflineKernelNs, 1e-3);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void While_a_fault_replaces_the_communication_costs_the_flow_model_prices_the_all_to_all()
    {
        var dir = Directory.CreateTempSubdirectory("kernels2-a2a-fault");
        try
        {
            var (withTable, _, _, line) = TwoPricers(dir);
            var batch = AfdPricerTests.DecodeBatch(2, 40, 1000);
            withTable.Communication = line with { AllToAllNsPerByte = 0.02 };
            var degraded = default(StepCost);
            withTable.Price(batch, ref degraded);
            Assert.Equal(0, degraded.InterpolatedCommunicationNs);
            Assert.True(degraded.FlowCommunicationNs > 0);

            withTable.Communication = line;
            var healed = default(StepCost);
            withTable.Price(batch, ref healed);
            Assert.True(healed.InterpolatedCommunicationNs > 0);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Pricing_with_attention_and_all_to_all_tables_allocates_nothing_per_step()
    {
        // H100's MLA decode rows beside H800's low-latency rows, read together; TP 4 gives the table's 32 heads, and
        // 128 requests per rank at 4,096 tokens of context its batch and context, so the lookup answers from a row.
        var dir = Directory.CreateTempSubdirectory("kernels2-alloc");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(dir.FullName, "combo")).FullName;
            var shipped = KernelTables.DirectoryOf(TestCatalog.Repository);
            File.Copy(Path.Combine(shipped, "h100", "mla-decode.csv"), Path.Combine(folder, "mla-decode.csv"));
            File.Copy(Path.Combine(shipped, "h800", "moe-dispatch-low-latency.csv"), Path.Combine(folder, "moe-dispatch-low-latency.csv"));
            File.Copy(Path.Combine(shipped, "h800", "moe-combine-low-latency.csv"), Path.Combine(folder, "moe-combine-low-latency.csv"));
            var tables = KernelTables.Load(dir.FullName, "combo");
            var model = ModelCatalog.Of(TestCatalog.Repository).Load("deepseek-v3");
            var costs = new OperatorCostModel(model, new ParallelPlan(4, 2, 8, 1, 0, 4), model.Precision);
            var pricer = new StepPricer(
                costs,
                new RooflineModel(HardwareCatalog.Of(TestCatalog.Repository).Load("h100")),
                new CommunicationCosts(10_000, 0.01, 5_000, 0.01, AllToAllCrossesNodes: true),
                ExpertLoadSampler.Uniform(model.Moe!.RoutedExperts, model.Moe.ExpertsPerToken, new RandomStream(3)),
                new StepPricerOptions(1, CudaGraphs: true, DraftTokens: 0, RoutingSamplesPerStep: 2, EpGroups: 1, Kernels: tables, MaskedGroupedGemm: true, AllToAll: AllToAllKernels.LowLatency));
            var batch = AfdPricerTests.DecodeBatch(2, 128, 4095);
            var cost = default(StepCost);
            pricer.Price(batch, ref cost);
            Assert.True(cost.MeasuredKernelNs > 0, "the MLA decode row priced the attention core");
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 50; i++)
            {
                cost = default;
                pricer.Price(batch, ref cost);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
