using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Workloads;
using ClusterSim.Input;

namespace ClusterSim.Tests.Scenarios;

/// <summary>One test per class of user mistake, each asserting the exact one-line message.</summary>
public sealed class ScenarioErrorTests
{
    private const string File = "s.yaml";

    private static readonly string Valid = Serving.TestScenarios.DeepSeekTwoNodes();

    private static string ScenariosDirectory => Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios");

    private static Scenario Read(string text, params string[] overrides) =>
        ScenarioReader.Parse(File, text, ScenariosDirectory, overrides.Select(ScenarioOverride.Parse).ToList());

    private static string ErrorOf(string text, params string[] overrides) =>
        Assert.Throws<InputException>(() => Read(text, overrides).Plan()).Message;

    [Fact]
    public void The_valid_base_scenario_resolves()
    {
        var pools = Read(Valid).Plan().Pools;
        Assert.Equal(16, Assert.Single(pools).Plan.ExpertParallel);
    }

    [Fact]
    public void Yaml_syntax_error_names_line_and_column()
    {
        var text = Valid.Replace("  nodes: 2", "  nodes: [2", StringComparison.Ordinal);
        Assert.Equal(
            "s.yaml: line 6, column 10: not valid YAML: the parser stopped after this point; check for an unclosed bracket, brace or quote",
            ErrorOf(text));
    }

    [Fact]
    public void Duplicate_key_is_a_yaml_error_with_its_position()
    {
        var text = Valid + "\nseed: 2\n";
        Assert.Equal("s.yaml: line 19, column 1: not valid YAML: Duplicate key seed", ErrorOf(text));
    }

    [Fact]
    public void Unknown_key_names_the_nearest_valid_one()
    {
        var text = Valid.Replace("  nodes: 2", "  nodse: 2", StringComparison.Ordinal);
        Assert.Equal(
            "s.yaml: cluster.nodse: unknown key 'nodse'; did you mean 'nodes'? allowed keys: nodes, accelerators_per_node, fabric",
            ErrorOf(text));
    }

    [Fact]
    public void A_mapping_where_a_value_belongs_is_a_type_error()
    {
        Assert.Equal(
            "s.yaml: cluster.nodes: expected a single value, found a mapping",
            ErrorOf(Valid.Replace("  nodes: 2", "  nodes: { value: 2 }", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_value_where_a_mapping_belongs_is_a_type_error()
    {
        Assert.Equal(
            "s.yaml: deployment.serving.attention: expected a mapping of keys to values, found a single value",
            ErrorOf(Valid, "deployment.serving.attention=16"));
    }

    [Fact]
    public void Text_where_a_whole_number_belongs_says_what_is_allowed()
    {
        Assert.Equal(
            "s.yaml: cluster.nodes: 'two' is not a whole number; allowed: a whole number of at least 1",
            ErrorOf(Valid, "cluster.nodes=two"));
    }

    [Fact]
    public void Whole_number_below_the_minimum_is_refused()
    {
        Assert.Equal("s.yaml: cluster.nodes: 0 is too small; the least allowed is 1", ErrorOf(Valid, "cluster.nodes=0"));
    }

    [Fact]
    public void Whole_number_above_the_maximum_is_refused()
    {
        Assert.Equal(
            "s.yaml: deployment.serving.micro_batches: 3 is too large; the most allowed is 2",
            ErrorOf(Valid, "deployment.serving.micro_batches=3"));
    }

    [Fact]
    public void Fraction_out_of_range_names_the_range()
    {
        Assert.Equal(
            "s.yaml: deployment.serving.kv_memory_fraction: 1.5 is out of range; allowed: 0.01 to 1",
            ErrorOf(Valid, "deployment.serving.kv_memory_fraction=1.5"));
    }

    [Fact]
    public void Open_ended_range_never_prints_the_largest_double()
    {
        Assert.Equal(
            "s.yaml: slo.ttft_ms: -1 is out of range; allowed: a number of at least 0.001",
            ErrorOf(Valid, "slo.ttft_ms=-1"));
    }

    [Fact]
    public void Unknown_choice_names_the_nearest_and_the_allowed_values()
    {
        Assert.Equal(
            "s.yaml: deployment.mode: 'colocate' is not allowed; did you mean 'colocated'? allowed: colocated, disaggregated, afd",
            ErrorOf(Valid, "deployment.mode=colocate"));
    }

    [Fact]
    public void Duration_with_an_unknown_unit_lists_the_accepted_forms()
    {
        Assert.Equal(
            "s.yaml: simulation.duration: '3 mins' is not a duration; accepted forms: a number and one of ns, us, ms, s, m, h (for example \"2 us\", \"1.5 ms\", \"10 m\")",
            ErrorOf(Valid, "simulation.duration=3 mins"));
    }

    [Fact]
    public void Bandwidth_900_GBs_in_a_hardware_file_is_refused_with_the_accepted_forms()
    {
        var hardware = WorkloadTestFiles.WriteTemp(
            "bad.yaml",
            System.IO.File.ReadAllText(Path.Combine(ScenariosDirectory, "hardware", "h200.yaml"))
                .Replace("bandwidth_per_direction: { value: 450 GB/s", "bandwidth_per_direction: { value: 900 GBs", StringComparison.Ordinal));
        var message = ErrorOf(Valid.Replace("hardware: h200", "hardware: " + hardware, StringComparison.Ordinal));
        Assert.Equal(
            $"{hardware}: scale_up.bandwidth_per_direction.value: '900 GBs' is not a bandwidth; accepted forms: {ClusterSim.Units.Bandwidth.AcceptedForms}",
            message);
    }

    [Fact]
    public void Missing_required_key_names_its_parent()
    {
        Assert.Equal(
            "s.yaml: cluster.accelerators_per_node: missing key 'accelerators_per_node' under 'cluster'",
            ErrorOf(Valid.Replace("  accelerators_per_node: 8\n", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public void Attention_tp_times_dp_must_cover_the_instance()
    {
        Assert.Equal(
            "s.yaml: deployment.serving.attention: tp (2) × dp (16) = 32 must equal accelerators_per_instance (16)",
            ErrorOf(Valid, "deployment.serving.attention.tp=2"));
    }

    [Fact]
    public void Ep_that_does_not_divide_experts_and_redundant_slots_is_refused()
    {
        Assert.Equal(
            "s.yaml: deployment.serving.experts.ep: 16 does not divide the 256 experts + 8 redundant slots evenly; choose ep dividing 264 or change experts.redundant",
            ErrorOf(Valid, "deployment.serving.experts.redundant=8"));
    }

    [Fact]
    public void Weights_that_do_not_fit_hbm_say_by_how_much()
    {
        // EP 1 puts all 256 experts of 58 MoE layers on every GPU: about 673 GB of FP8 weights (with 128×128-block
        // scales) against 0.9 × 141 GB = 126.9 GB; 673.15 + 1.06 (workspace of 8192 tokens) - 126.9 ≈ 547.3 GB over.
        Assert.Equal(
            "s.yaml: deployment.serving: weights 673.15 GB + workspace 1.06 GB per accelerator exceed kv_memory_fraction × HBM = 126.9 GB by 547.31 GB, leaving no room for the KV cache; spread the model over more accelerators (higher ep or tp), lower max_batch_tokens, or use lower-precision weights",
            ErrorOf(Valid, "deployment.serving.experts.ep=1"));
    }

    [Fact]
    public void Deployment_larger_than_the_cluster_is_refused()
    {
        Assert.Equal(
            "s.yaml: deployment: needs 16 accelerators (serving 1×16) but the cluster has 8 (1 node × 8); add nodes or shrink the pools",
            ErrorOf(Valid, "cluster.nodes=1"));
    }

    [Fact]
    public void Cluster_too_large_to_build_is_refused_before_the_product_overflows()
    {
        // 2 × 2,147,483,647 overflows a 32-bit int; the check multiplies in 64 bits.
        Assert.Equal(
            "s.yaml: cluster: nodes × accelerators_per_node = 4294967294 accelerators; the most allowed is 1048576",
            ErrorOf(Valid, "cluster.accelerators_per_node=2147483647"));
    }

    [Fact]
    public void Instance_spanning_nodes_unevenly_is_refused()
    {
        Assert.Equal(
            "s.yaml: deployment.serving.accelerators_per_instance: 12 spans nodes of 8 unevenly; use a multiple of 8 or at most 8",
            ErrorOf(Valid, "deployment.serving.accelerators_per_instance=12", "deployment.serving.attention.dp=12", "deployment.serving.experts.ep=4"));
    }

    [Fact]
    public void Missing_model_is_named_with_where_it_was_looked_for()
    {
        Assert.StartsWith(
            "s.yaml: model.config: unknown model 'deepseek-v9'; did you mean 'deepseek-v3'? allowed: deepseek-r1, deepseek-v3, gpt-3-175b",
            ErrorOf(Valid, "model.config=deepseek-v9"),
            StringComparison.Ordinal);
        Assert.Equal(
            $"s.yaml: model.config: file 'nope/v9.json' not found (looked for '{Path.Combine(ScenariosDirectory, "nope", "v9.json")}'); relative paths resolve against the scenario's folder",
            ErrorOf(Valid, "model.config=nope/v9.json"));
    }

    [Fact]
    public void Unknown_hardware_name_suggests_the_nearest()
    {
        Assert.StartsWith(
            "s.yaml: hardware: unknown hardware 'h20'; did you mean 'h200'? allowed: a100, ",
            ErrorOf(Valid, "hardware=h20"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_trace_file_is_named_at_its_key()
    {
        var text = Valid[..Valid.IndexOf("workload:", StringComparison.Ordinal)] + "workload:\n  trace: { path: nope.csv, format: azure }\n";
        Assert.Equal(
            $"s.yaml: workload.trace.path: trace file 'nope.csv' not found (looked for '{Path.Combine(ScenariosDirectory, "nope.csv")}'); relative paths resolve against the scenario's folder",
            ErrorOf(text));
    }

    [Fact]
    public void Trace_mixed_with_synthetic_keys_is_refused()
    {
        Assert.Equal(
            "s.yaml: workload.trace: a trace replay cannot be combined with synthetic traffic keys (found 'rate_per_s'); under workload use either trace: { path, format, ... } alone, or arrival, rate_per_s, input_tokens, output_tokens, duration, requests",
            ErrorOf(Valid, "workload.trace.path=x.csv"));
    }

    [Fact]
    public void Unknown_data_type_lists_the_allowed_ones()
    {
        Assert.Equal(
            "s.yaml: model.precision.kv_cache: 'int3' is not a data type; allowed: fp32, bf16, fp16, fp8, fp4",
            ErrorOf(Valid, "model.precision.kv_cache=int3"));
        Assert.Equal(
            "s.yaml: model.precision.weights: 'int3' is not a weight format; allowed: fp32, bf16, fp16, fp8 (= fp8_block128), fp8_block128, fp8_per_tensor, fp4 (= nvfp4), nvfp4, mxfp4",
            ErrorOf(Valid, "model.precision.weights=int3"));
    }

    [Fact]
    public void Warmup_not_shorter_than_the_duration_is_refused()
    {
        Assert.Equal(
            "s.yaml: simulation.warmup: must be at least 0 and shorter than simulation.duration (10 s)",
            ErrorOf(Valid, "simulation.warmup=10 s"));
    }

    [Fact]
    public void Override_without_a_value_shows_the_accepted_form()
    {
        var error = Assert.Throws<InputException>(() => ScenarioOverride.Parse("cluster.nodes"));
        Assert.Equal("--set: cluster.nodes: expected key.path=value, for example --set deployment.decode.experts.ep=64", error.Message);
    }

    [Fact]
    public void Override_into_a_scalar_names_the_scalar()
    {
        Assert.Equal(
            "s.yaml: seed: --set seed.value: 'seed' holds a single value, not a mapping, so it has no key 'value'",
            ErrorOf(Valid, "seed.value=3"));
    }

    [Fact]
    public void Missing_scenario_file_is_one_line()
    {
        var error = Assert.Throws<InputException>(() => ScenarioReader.Load("/no/such/scenario.yaml"));
        Assert.Equal("/no/such/scenario.yaml: file not found", error.Message);
    }
}
