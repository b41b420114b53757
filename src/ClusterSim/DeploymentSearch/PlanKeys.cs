using ClusterSim.Input;

namespace ClusterSim.DeploymentSearch;

/// <summary>Every mapping of a plan file and the keys it accepts (docs/planning.md; scenarios/schemas/plan.schema.json).</summary>
internal static class PlanKeys
{
    public static readonly KeySet Root = new(
        string.Empty, "name", "description", "scenario", "set", "hardware", "gpus", "accelerators_per_node", "slo", "objective", "search", "capacity", "top");

    public static readonly KeySet GpuRange = new("gpus", "min", "max");

    public static readonly KeySet Slo = new("slo", "ttft_ms", "tpot_ms", "min_tokens_per_s_per_user", "percentile");

    public static readonly KeySet Search = new(
        "search", "modes", "prefill_decode_ratios", "ep", "attention_tp", "redundant_experts", "micro_batches", "max_running_requests", "mtp", "all_to_all");

    /// <summary>A per-pool axis written as a mapping: one list per pool.</summary>
    public static readonly KeySet PerPool = new("per_pool", "serving", "prefill", "decode");

    public static readonly KeySet Capacity = new("capacity", "precision", "start_rate_per_gpu");

    public static readonly string[] Objectives = ["throughput_per_gpu", "cost_per_token", "energy_per_token"];

    public static readonly string[] Modes = ["colocated", "disaggregated"];

    public static readonly string[] AllToAll = ["normal", "low-latency", "direct"];
}
