using ClusterSim.Cli.Analyze;
using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Cli.Tests.Analyze;

/// <summary>Report sections built directly from inputs, for deployments the golden runs do not cover.</summary>
public sealed class AnalyzeReportTests
{
    private static readonly Lazy<ModelCatalog> Models = new(() => ModelCatalog.Of(ClusterSim.Tests.TestCatalog.Repository));
    private static readonly Lazy<HardwareCatalog> Hardware = new(() => HardwareCatalog.Of(ClusterSim.Tests.TestCatalog.Repository));

    [Fact]
    public void Attention_tp_on_an_mla_model_adds_a_row_with_the_intensity_divided_by_tp()
    {
        var report = AnalyzeReport.Build(Inputs("deepseek-v3", "h200", new AnalyzeDeployment("test", 8, 8, 1, 8, 0)));

        var row = Assert.Single(report.Attention.Rows, r => r.Variant == "MLA absorbed (TP=8)");
        // 16 heads per rank: 2 · 16 · (2 · 512 + 64) = 34,816 FLOPs per 1,152 latent bytes = 30.22, an eighth of 241.78.
        Assert.Equal(34_816.0 / 1_152, row.Intensity, 1e-9);
        Assert.Equal("memory", row.Bound);
        Assert.Equal(8, report.Memory.KvReplicas);
    }

    [Fact]
    public void Instance_beyond_one_scale_up_domain_prices_the_all_to_all_on_the_nics()
    {
        var inNode = AnalyzeReport.Build(Inputs("deepseek-v3", "h200", new AnalyzeDeployment("test", 8, 1, 8, 8, 0)));
        var twoNodes = AnalyzeReport.Build(Inputs("deepseek-v3", "h200", new AnalyzeDeployment("test", 16, 1, 16, 16, 0)));

        Assert.Equal("scale_up", inNode.Tpot.Link);
        Assert.Equal(450e9, inNode.Tpot.LinkBytesPerSecond);
        Assert.Equal("scale_out", twoNodes.Tpot.Link);
        // 400 Gb/s NIC per GPU = 50 GB/s.
        Assert.Equal(50e9, twoNodes.Tpot.LinkBytesPerSecond);
        Assert.Equal(5e-6, twoNodes.Tpot.LinkLatencySeconds, 1e-12);
    }

    [Fact]
    public void Tpot_rows_list_each_batch_then_the_memory_limited_batch_per_context()
    {
        var inputs = Inputs("llama-3-70b", "h200", AnalyzeDeployment.DefaultFor(Models.Value.Load("llama-3-70b"))) with
        {
            BatchesPerRank = [1, 32],
            ContextTokens = [1024, 8192],
        };

        var report = AnalyzeReport.Build(inputs);

        Assert.Equal([1024, 1024, 1024, 8192, 8192, 8192], report.Tpot.Rows.Select(r => r.ContextTokens));
        Assert.Equal([false, false, true, false, false, true], report.Tpot.Rows.Select(r => r.AtCapacity));
        Assert.All(report.Tpot.Rows.Where(r => r.AtCapacity), r => Assert.True(r.FitsInMemory));
        // Longer contexts leave room for fewer requests.
        Assert.True(report.Memory.Rows[1].MaxBatch < report.Memory.Rows[0].MaxBatch);
        Assert.Equal(4, report.DecodeOperators.Count);
    }

    private static AnalyzeInputs Inputs(string model, string hardware, AnalyzeDeployment deployment)
    {
        var architecture = Models.Value.Load(model);
        return new AnalyzeInputs(
            architecture, model, architecture.Precision, Hardware.Value.Load(hardware), hardware, null, deployment, AnalyzeInputs.DefaultBatches, AnalyzeInputs.DefaultContexts);
    }
}
