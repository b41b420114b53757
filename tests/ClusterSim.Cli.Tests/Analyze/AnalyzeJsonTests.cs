using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ClusterSim.Cli.Tests.Analyze;

/// <summary>`clustersim analyze --json`: one document on stdout holding the hand-checked figures.</summary>
public sealed class AnalyzeJsonTests
{
    // H200: 989.5 TFLOP/s BF16 dense, 4.8 TB/s HBM, 141 GB.
    private const double H200RidgeBf16 = 989.5e12 / 4.8e12; // = 206.1458

    [Fact]
    public async Task Json_for_deepseek_v3_on_h200_holds_kv_bytes_ridge_and_thresholds()
    {
        using var json = await RunJsonAsync("analyze", "--model", "deepseek-v3", "--hardware", "h200", "--json");
        var root = json.RootElement;

        Assert.Equal("clustersim.analyze/1", root.GetProperty("schema").GetString());
        // KV per token: (kv_lora_rank 512 + rope 64) = 576 elements · 2 bytes (BF16) · 61 layers = 70,272.
        Assert.Equal(70_272, root.GetProperty("model").GetProperty("kv_bytes_per_token").GetDouble());
        Assert.Equal(1_152, root.GetProperty("model").GetProperty("kv_bytes_per_token_per_layer").GetDouble());
        var bf16 = root.GetProperty("hardware").GetProperty("peaks").EnumerateArray().Single(p => p.GetProperty("data_type").GetString() == "bf16");
        Assert.Equal(206.15, bf16.GetProperty("ridge_point").GetDouble(), 0.005);

        var thresholds = root.GetProperty("thresholds");
        // B_MoE = RP·E/k = 206.1458 · 256/8 = 6,596.67; B_attn = RP·DP = 206.1458 · 8 = 1,649.17 (default DP 8).
        Assert.Equal(H200RidgeBf16 * 32, thresholds.GetProperty("moe_batch").GetDouble(), 1e-6);
        Assert.Equal(6_597, thresholds.GetProperty("moe_batch").GetDouble(), 0.5);
        Assert.Equal(H200RidgeBf16 * 8, thresholds.GetProperty("attention_batch").GetDouble(), 1e-6);
        // FP8 doubles the ridge and halves the bytes; the 128×128 block scales add 4/16384 to b, so the FP8 row's
        // B_MoE = 2·RP_bf16 · 32 · (1 + 4/16384)/2 = 6,598.28.
        var fp8 = thresholds.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("data_type").GetString() == "fp8_block128");
        Assert.Equal(1 + (4.0 / 16384), fp8.GetProperty("bytes_per_element").GetDouble(), 12);
        Assert.Equal(H200RidgeBf16 * 32 * (1 + (4.0 / 16384)), fp8.GetProperty("moe_batch").GetDouble(), 1e-6);
    }

    [Fact]
    public async Task Json_attention_comparison_shows_mla_two_orders_of_magnitude_above_mha()
    {
        using var json = await RunJsonAsync("analyze", "--model", "deepseek-v3", "--hardware", "h200", "--json");
        var rows = json.RootElement.GetProperty("attention").GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("variant").GetString()!, r => r.GetProperty("intensity").GetDouble());

        // MHA 2/b = 1 and GQA 2g/b = 8 in BF16; MLA absorbed 2·128·(2·512 + 64) / ((512 + 64)·2) = 278,528 / 1,152 = 241.78.
        Assert.Equal(1.0, rows["MHA"], 1e-9);
        Assert.Equal(8.0, rows["GQA (g=8)"], 1e-9);
        Assert.Equal(278_528.0 / 1_152, rows["MLA absorbed"], 1e-9);
        Assert.True(rows["MLA absorbed"] / rows["MHA"] > 100);
        Assert.Contains("MLA not absorbed", rows.Keys);
    }

    [Fact]
    public async Task Json_expert_grid_has_r_equal_to_pool_batch_times_k_over_e()
    {
        using var json = await RunJsonAsync("analyze", "--model", "deepseek-v3", "--hardware", "h200", "--batch", "256", "--json");
        var rows = json.RootElement.GetProperty("experts").GetProperty("rows").EnumerateArray().ToArray();

        Assert.Equal([8, 16, 32, 64, 128, 256], rows.Select(r => r.GetProperty("expert_parallel").GetInt32()));
        var ep32 = rows.Single(r => r.GetProperty("expert_parallel").GetInt32() == 32);
        // B = 32 · 256 = 8,192; R = 8,192 · 8 / 256 = 256; 2R/b with FP8 experts in 128×128 blocks
        // (b = 1 + 4/16384) = 511.875.
        Assert.Equal(8_192, ep32.GetProperty("pool_batch").GetInt64());
        Assert.Equal(256, ep32.GetProperty("tokens_per_expert").GetDouble(), 1e-9);
        Assert.Equal(512 / (1 + (4.0 / 16384)), ep32.GetProperty("approximate_intensity").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Json_for_llama_3_70b_holds_kv_bytes_memory_limited_batch_and_weight_time()
    {
        using var json = await RunJsonAsync("analyze", "--model", "llama-3-70b", "--hardware", "h200", "--batch", "1", "--json");
        var root = json.RootElement;

        // KV per token: 2 (K and V) · 8 KV heads · 128 · 2 bytes · 80 layers = 327,680.
        Assert.Equal(327_680, root.GetProperty("model").GetProperty("kv_bytes_per_token").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("experts").ValueKind);

        // Default dense deployment: one node of 8, TP 8, DP 1. Eq. 11 at L = 4096:
        // (8 · 141e9 − weights) / (327,680 · 4,096 + activations 131,072), weights = all parameters · 2 bytes.
        var memory = root.GetProperty("memory");
        var weights = root.GetProperty("model").GetProperty("total_parameters").GetDouble() * 2;
        Assert.Equal(weights, memory.GetProperty("weight_bytes").GetDouble(), 1);
        var expected = Math.Floor(((8 * 141e9) - weights) / ((327_680.0 * 4_096) + 131_072));
        var row = memory.GetProperty("rows")[0];
        Assert.Equal(expected, row.GetProperty("max_batch").GetDouble());
        Assert.Equal(735, row.GetProperty("max_batch").GetDouble());

        // One request: every active weight (embedding table excluded) is read once over 8 · 4.8 TB/s.
        var tpot = root.GetProperty("tpot").GetProperty("rows")[0];
        var active = root.GetProperty("model").GetProperty("active_parameters").GetDouble();
        Assert.Equal(active * 2 / (8 * 4.8e12), tpot.GetProperty("weight_seconds").GetDouble(), 1e-9);
        var parts = tpot.GetProperty("weight_seconds").GetDouble() + tpot.GetProperty("kv_and_activation_seconds").GetDouble()
            + tpot.GetProperty("communication_seconds").GetDouble();
        Assert.Equal(parts, tpot.GetProperty("tpot_seconds").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Json_operator_rows_compare_intensity_with_the_ridge_of_their_format()
    {
        using var json = await RunJsonAsync("analyze", "--model", "deepseek-v3", "--hardware", "h200", "--batch", "1", "--json");
        var operators = json.RootElement.GetProperty("decode_operators")[0].GetProperty("operators").EnumerateArray().ToArray();

        var core = operators.First(o => o.GetProperty("operator").GetString() == "attention_core" && o.GetProperty("layer").GetString() == "moe");
        Assert.Equal(58, core.GetProperty("layers").GetInt32());
        Assert.Equal("bf16", core.GetProperty("compute_type").GetString());
        // Absorbed MLA at one request, L = 4096, counts the latent query and output too: 228.3 > 206.15, compute-bound.
        Assert.Equal(228.3, core.GetProperty("intensity").GetDouble(), 0.05);
        Assert.Equal("compute", core.GetProperty("bound").GetString());
        var expertUp = operators.First(o => o.GetProperty("operator").GetString() == "routed_experts_up");
        Assert.Equal("fp8", expertUp.GetProperty("compute_type").GetString());
        Assert.Equal(1979e12 / 4.8e12, expertUp.GetProperty("ridge_point").GetDouble(), 1e-9);
        Assert.Equal("memory", expertUp.GetProperty("bound").GetString());
        var dispatch = operators.First(o => o.GetProperty("operator").GetString() == "dispatch");
        Assert.Equal("link", dispatch.GetProperty("bound").GetString());
        Assert.Equal(JsonValueKind.Null, dispatch.GetProperty("intensity").ValueKind);
    }

    [Fact]
    public async Task Json_from_a_scenario_takes_the_decode_pool_as_the_deployment()
    {
        var scenario = ScenarioPath("dsv3-h200-decode.yaml");

        using var json = await RunJsonAsync("analyze", "--scenario", scenario, "--json");
        var root = json.RootElement;

        var deployment = root.GetProperty("inputs").GetProperty("deployment");
        Assert.Equal(16, deployment.GetProperty("accelerators").GetInt32());
        Assert.Equal(16, deployment.GetProperty("attention_dp").GetInt32());
        Assert.Equal(16, deployment.GetProperty("expert_parallel").GetInt32());
        Assert.Equal(16, deployment.GetProperty("redundant_experts").GetInt32());
        Assert.Equal("deepseek-v3", root.GetProperty("model").GetProperty("name").GetString());
        // 16 accelerators exceed the H200's NVSwitch domain of 8: the all-to-all crosses the 400 Gb/s NICs.
        Assert.Equal("scale_out", root.GetProperty("tpot").GetProperty("link").GetString());
        Assert.Equal(50e9, root.GetProperty("tpot").GetProperty("link_bytes_per_second").GetDouble());
        // B_attn = RP · DP = 206.1458 · 16.
        Assert.Equal(H200RidgeBf16 * 16, root.GetProperty("thresholds").GetProperty("attention_batch").GetDouble(), 1e-6);
    }

    private static async Task<JsonDocument> RunJsonAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(0, result.ExitCode);
        return JsonDocument.Parse(result.Out);
    }

    private static string ScenarioPath(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, name);
}
