using ClusterSim.Input;

namespace ClusterSim.Scenarios;

/// <summary>
/// Every mapping of a scenario file and the keys it accepts: the one list <see cref="ScenarioReader"/> checks keys
/// against (<see cref="YamlMap.AllowOnly"/>) and scenarios/schemas/scenario.schema.json describes. SchemaTests
/// compares the two both ways; a mapping read in several shapes (a deployment mode, a workload kind, a fault kind)
/// has one list per shape.
/// </summary>
internal static class ScenarioKeys
{
    public static readonly KeySet Root = new(
        string.Empty,
        "name", "seed", "description", "model", "hardware", "cluster", "deployment", "workload", "scheduler", "slo", "simulation", "outputs", "faults", "experts", "cost");

    public static readonly KeySet Model = new("model", "config", "precision");

    public static readonly KeySet Precision = new(
        "precision", "weights", "attention_weights", "dense_weights", "expert_weights", "kv_cache", "activations", "dispatch", "combine");

    public static readonly KeySet Cluster = new("cluster", "nodes", "accelerators_per_node", "fabric");

    public static readonly KeySet Fabric = new("fabric", "link_model", "routing", "oversubscription", "scale_up_domain");

    public static readonly KeySet Colocated = new("deployment_colocated", "mode", "serving");

    public static readonly KeySet Disaggregated = new("deployment_disaggregated", "mode", "prefill", "decode");

    public static readonly KeySet Afd = new("deployment_afd", "mode", "micro_batches", "attention", "experts");

    public static readonly KeySet Pool = new(
        "pool",
        "instances", "accelerators_per_instance", "attention", "experts", "micro_batches", "max_batch_tokens",
        "max_running_requests", "kv_block_tokens", "kv_memory_fraction", "cuda_graphs");

    /// <summary>Pool keys the AFD attention pool refuses with a pointer to where they belong in AFD mode.</summary>
    public static readonly string[] AfdAttentionRefused = ["experts", "micro_batches"];

    /// <summary>The AFD attention pool: a pool without <see cref="AfdAttentionRefused"/>.</summary>
    public static readonly KeySet AfdAttention = new("afd_attention", [.. Pool.Keys.Except(AfdAttentionRefused)]);

    public static readonly KeySet AfdExperts = new("afd_experts", "accelerators_per_instance", "redundant", "hardware");

    public static readonly KeySet PoolAttention = new("pool_attention", "tp", "dp");

    public static readonly KeySet PoolExperts = new("pool_experts", "ep", "redundant", "all_to_all", "all_to_all_sms");

    public static readonly KeySet Synthetic = new(
        "workload_synthetic", "arrival", "rate_per_s", "cv", "input_tokens", "output_tokens", "duration", "requests", "kv_preloaded");

    public static readonly KeySet ClosedLoop = new(
        "workload_closed", "arrival", "concurrency", "requests", "think_time", "input_tokens", "output_tokens", "kv_preloaded");

    /// <summary>A trace replay: <c>workload.trace</c> alone.</summary>
    public static readonly KeySet TraceReplay = new("workload_trace_replay", "trace");

    public static readonly KeySet Trace = new("trace", "path", "format", "time_scale", "rate_per_s", "requests", "duration", "on_bad_row");

    public static readonly KeySet Lengths = new(
        "lengths", "distribution", "value", "min", "max", "mean", "median", "sigma", "exponent", "path", "format", "column", "ratio");

    public static readonly KeySet Scheduler = new(
        "scheduler", "policy", "router", "speculative", "prefix_caching", "admission", "decode_reservation", "engine");

    public static readonly KeySet Speculative = new("speculative", "draft_tokens", "acceptance_rate");

    public static readonly KeySet Admission = new("admission", "kind", "max_queue", "rate_per_s", "burst");

    public static readonly KeySet Slo = new("slo", "ttft_ms", "tpot_ms");

    public static readonly KeySet Cost = new("cost", "gpu_hour_usd", "power_usd_per_kwh", "pue");

    public static readonly KeySet Simulation = new("simulation", "duration", "warmup", "fidelity", "drain_limit");

    public static readonly KeySet Outputs = new(
        "outputs", "trace", "timeseries", "timeseries_window", "trace_window_start", "trace_window_end", "trace_max_events", "format");

    public static readonly KeySet StragglerFault = new("fault_straggler", "kind", "pool", "instance", "accelerator", "speed_factor", "start", "end");

    public static readonly KeySet LinkFault = new("fault_link", "kind", "accelerator", "bandwidth_factor", "start", "end");

    public static readonly KeySet InstanceLossFault = new("fault_instance_loss", "kind", "pool", "instance", "at");

    public static readonly KeySet Experts = new("experts", "routing", "placement", "rebalance", "samples_per_step", "eplb_window_tokens");

    public static readonly KeySet Routing = new("routing", "distribution", "s", "sigma", "path", "base", "drift", "rate", "group_limited");

    public static readonly KeySet Rebalance = new("rebalance", "interval", "window", "min_gain");
}
