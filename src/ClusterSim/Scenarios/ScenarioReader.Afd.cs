using ClusterSim.Input;

namespace ClusterSim.Scenarios;

/// <content>The <c>deployment</c> section in AFD mode: an attention pool and each instance's expert accelerators.</content>
public static partial class ScenarioReader
{
    private static DeploymentSection ReadAfd(YamlMap map)
    {
        map.AllowOnly(ScenarioKeys.Afd.Keys);
        var attentionMap = map.RequiredMap("attention");
        foreach (var key in ScenarioKeys.AfdAttentionRefused)
        {
            if (attentionMap.Has(key))
            {
                throw attentionMap.Error(key, key == "experts"
                    ? "in AFD mode the experts live in deployment.experts, not in the attention pool"
                    : "in AFD mode set deployment.micro_batches (the micro-batches ping-ponging between the pools)");
            }
        }

        var attention = ReadPool(attentionMap, "attention");
        var experts = map.RequiredMap("experts").AllowOnly(ScenarioKeys.AfdExperts.Keys);
        var expertAccelerators = experts.RequiredInt("accelerators_per_instance", 1);
        var redundant = experts.OptionalInt("redundant", 0, 0, 100_000);
        var hardware = experts.OptionalString("hardware");
        var microBatches = map.OptionalInt("micro_batches", 2, 1, 16);
        var afd = new AfdSection(expertAccelerators, redundant, microBatches, hardware);
        return new DeploymentSection(DeploymentMode.Afd, [attention with { Ep = expertAccelerators, RedundantExperts = redundant, MicroBatches = 1 }], afd);
    }
}
