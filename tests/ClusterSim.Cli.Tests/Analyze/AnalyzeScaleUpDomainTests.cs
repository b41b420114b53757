using System.Globalization;
using System.Text.Json;
using ClusterSim.Analysis;

namespace ClusterSim.Cli.Tests.Analyze;

/// <summary>
/// `analyze --scenario` prices the all-to-all on the fabric the scenario builds: a 32-GPU NVLink domain
/// (cluster.fabric.scale_up_domain: 32 over 4 nodes of 8 H200) keeps it on scale-up links.
/// </summary>
public sealed class AnalyzeScaleUpDomainTests
{
    [Fact]
    public async Task A_32_gpu_nvlink_domain_keeps_the_all_to_all_on_scale_up()
    {
        using var folder = new TempFolder();
        var inDomain = await TpotOf(folder, "domain.yaml", "fabric: { scale_up_domain: 32 }");
        var acrossNics = await TpotOf(folder, "nics.yaml", string.Empty);

        // Hand calculation, one dispatch of 128 tokens per GPU, hidden 7168 in BF16, top-8: each GPU sends
        // 128 × 8 × 7168 × 2 B = 14,680,064 B. Over NVLink4 at 450 GB/s per direction plus α = 3 µs: 35.62 µs.
        // Over a 400 Gb/s NIC (50 GB/s) plus α = 5 µs: 298.60 µs.
        const double bytesPerGpu = 128.0 * 8 * 7168 * 2;
        Assert.Equal(14_680_064, bytesPerGpu);
        var handNvlink = (bytesPerGpu / 450e9) + 3e-6;
        var handNic = (bytesPerGpu / 50e9) + 5e-6;
        Assert.Equal(35.62e-6, handNvlink, 0.01e-6);

        Assert.Equal("scale_up", inDomain.GetProperty("link").GetString());
        Assert.Equal(handNvlink, OneDispatch(inDomain), handNvlink * 0.05);
        Assert.Equal("scale_out", acrossNics.GetProperty("link").GetString());
        Assert.Equal(handNic, OneDispatch(acrossNics), handNic * 0.05);
    }

    // One dispatch as the analysis prices it: Eq. 13 with the combine bytes left out, at the report's link figures.
    private static double OneDispatch(JsonElement tpot) =>
        TpotBound.AllToAllSeconds(
            poolBatch: 128 * 32,
            hidden: 7168,
            expertsPerToken: 8,
            dispatchBytesPerElement: 2,
            combineBytesPerElement: 0,
            imbalance: 1,
            linkBytesPerSecond: tpot.GetProperty("link_bytes_per_second").GetDouble(),
            devices: 32,
            latencySeconds: tpot.GetProperty("link_latency_seconds").GetDouble());

    private static async Task<JsonElement> TpotOf(TempFolder folder, string name, string fabric)
    {
        var path = Path.Combine(folder.Path, name);
        await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $$"""
            name: a2a-domain
            model: deepseek-v3
            hardware: h200
            cluster:
              nodes: 4
              accelerators_per_node: 8
              {{fabric}}
            deployment:
              mode: colocated
              serving:
                accelerators_per_instance: 32
                attention: { tp: 1, dp: 32 }
                experts: { ep: 32 }
            workload:
              arrival: poisson
              rate_per_s: 1
              input_tokens: 1000
              output_tokens: 100
              duration: 10 s
            """));
        var result = await CliRunner.RunAsync("analyze", "--scenario", path, "--json");
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        return json.RootElement.GetProperty("tpot").Clone();
    }
}
