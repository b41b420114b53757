using ClusterSim.Fabric;
using ClusterSim.Input;

namespace ClusterSim.Scenarios;

/// <content>The <c>deployment</c> section.</content>
public static partial class ScenarioReader
{
    private static DeploymentSection ReadDeployment(YamlMap map)
    {
        var mode = map.OptionalChoice("mode", "colocated", "colocated", "disaggregated", "afd");
        if (mode == "afd")
        {
            return ReadAfd(map);
        }

        if (mode == "colocated")
        {
            map.AllowOnly(ScenarioKeys.Colocated.Keys);
            return new DeploymentSection(DeploymentMode.Colocated, [ReadPool(map.RequiredMap("serving"), "serving")]);
        }

        map.AllowOnly(ScenarioKeys.Disaggregated.Keys);
        return new DeploymentSection(
            DeploymentMode.Disaggregated,
            [ReadPool(map.RequiredMap("prefill"), "prefill"), ReadPool(map.RequiredMap("decode"), "decode")]);
    }

    private static PoolSection ReadPool(YamlMap pool, string name)
    {
        pool.AllowOnly(ScenarioKeys.Pool.Keys);
        var instances = pool.OptionalInt("instances", 1, 1, 100_000);
        var accelerators = pool.RequiredInt("accelerators_per_instance", 1);
        var tp = 1;
        var dp = accelerators;
        if (pool.OptionalMap("attention") is { } attention)
        {
            attention.AllowOnly(ScenarioKeys.PoolAttention.Keys);
            tp = attention.OptionalInt("tp", 1, 1, accelerators);
            dp = attention.OptionalInt("dp", accelerators / tp, 1, accelerators);
        }

        if (tp * dp != accelerators)
        {
            throw pool.Error("attention", $"tp ({tp}) × dp ({dp}) = {tp * dp} must equal accelerators_per_instance ({accelerators})");
        }

        var ep = accelerators;
        var redundant = 0;
        CollectiveRouting? allToAll = null;
        int? allToAllSms = null;
        if (pool.OptionalMap("experts") is { } experts)
        {
            experts.AllowOnly(ScenarioKeys.PoolExperts.Keys);
            ep = experts.OptionalInt("ep", accelerators, 1, accelerators);
            redundant = experts.OptionalInt("redundant", 0, 0, 100_000);
            allToAll = AllToAllRouting(experts.OptionalChoice("all_to_all", string.Empty, "normal", "low-latency", "direct"));
            // The upper bound is the hardware's SM count, checked when the deployment is planned.
            allToAllSms = experts.Has("all_to_all_sms") ? experts.OptionalInt("all_to_all_sms", 0, 0, 100_000) : null;
        }

        if (accelerators % ep != 0)
        {
            throw pool.Error("experts.ep", $"{ep} must divide accelerators_per_instance ({accelerators}); experts are replicated across the EP groups of an instance");
        }

        var decodeDefaults = name == "decode";
        return new PoolSection(
            name,
            instances,
            accelerators,
            tp,
            dp,
            ep,
            redundant,
            pool.OptionalInt("micro_batches", 1, 1, 2),
            pool.OptionalInt("max_batch_tokens", decodeDefaults ? 4096 : 8192, 1, 10_000_000),
            pool.OptionalInt("max_running_requests", 256, 1, 1_000_000),
            pool.OptionalInt("kv_block_tokens", 64, 1, 1 << 20),
            pool.OptionalDouble("kv_memory_fraction", 0.9, 0.01, 1),
            pool.OptionalBool("cuda_graphs", true))
        {
            AllToAll = allToAll,
            AllToAllSms = allToAllSms,
        };
    }

    // DeepEP's two kernel families: normal relays through the scale-up domain, low-latency writes RDMA to every peer.
    private static CollectiveRouting? AllToAllRouting(string mode) => mode switch
    {
        "normal" => CollectiveRouting.Hierarchical,
        "low-latency" => CollectiveRouting.Rdma,
        "direct" => CollectiveRouting.Direct,
        _ => null,
    };
}
