using ClusterSim.Input;
using ClusterSim.Units;

namespace ClusterSim.Scenarios;

/// <content>The <c>faults</c> list: stragglers, degraded links, lost instances.</content>
public static partial class ScenarioReader
{
    private static IReadOnlyList<FaultSpec> ReadFaults(YamlMap root, DeploymentSection deployment, ClusterSection cluster)
    {
        var faults = new List<FaultSpec>();
        foreach (var map in root.OptionalListOfMaps("faults"))
        {
            var kind = map.OptionalChoice("kind", string.Empty, "straggler", "link", "instance_loss");
            switch (kind)
            {
                case "straggler":
                {
                    map.AllowOnly(ScenarioKeys.StragglerFault.Keys);
                    var pool = PoolAt(map, deployment);
                    var start = map.Required("start", UnitParser.ParseDuration);
                    var end = map.Required("end", UnitParser.ParseDuration);
                    CheckWindow(map, start, end);
                    faults.Add(new StragglerFault(
                        pool.Name,
                        map.OptionalInt("instance", 0, 0, pool.Instances - 1),
                        map.OptionalInt("accelerator", 0, 0, pool.AcceleratorsPerInstance - 1),
                        map.OptionalDouble("speed_factor", double.NaN, 0.01, 1) is var f && double.IsNaN(f) ? throw map.Error("speed_factor", "missing: the share of normal speed, in (0, 1]") : f,
                        start,
                        end) { KeyPath = map.KeyPath });
                    break;
                }

                case "link":
                {
                    map.AllowOnly(ScenarioKeys.LinkFault.Keys);
                    var start = map.Required("start", UnitParser.ParseDuration);
                    var end = map.Required("end", UnitParser.ParseDuration);
                    CheckWindow(map, start, end);
                    faults.Add(new LinkFault(
                        map.OptionalInt("accelerator", 0, 0, cluster.Accelerators - 1),
                        map.OptionalDouble("bandwidth_factor", double.NaN, 0, 1) is var f && double.IsNaN(f) ? throw map.Error("bandwidth_factor", "missing: the share of the NIC's bandwidth left, in [0, 1] (0: failed, traffic rerouted)") : f,
                        start,
                        end) { KeyPath = map.KeyPath });
                    break;
                }

                case "instance_loss":
                {
                    map.AllowOnly(ScenarioKeys.InstanceLossFault.Keys);
                    var pool = PoolAt(map, deployment);
                    if (pool.Instances < 2)
                    {
                        throw map.Error("pool", $"pool '{pool.Name}' has one instance; losing it would leave nowhere to re-queue its requests");
                    }

                    var lost = new InstanceLossFault(pool.Name, map.OptionalInt("instance", 0, 0, pool.Instances - 1), map.Required("at", UnitParser.ParseDuration)) { KeyPath = map.KeyPath };
                    var distinct = faults.OfType<InstanceLossFault>().Where(f => f.Pool == pool.Name).Select(f => f.Instance).Append(lost.Instance).Distinct().Count();
                    if (distinct >= pool.Instances)
                    {
                        // The last instance's requests would have nowhere to go: the run stopped with "no instance
                        // left to route to" (exit 70) when it was lost.
                        throw map.Error("instance", $"would lose every instance of pool '{pool.Name}' ({pool.Instances}); at most {pool.Instances - 1} distinct instances of a pool can be lost, so its requests have somewhere to go");
                    }

                    faults.Add(lost);
                    break;
                }

                default:
                    throw map.Error("kind", "missing: one of straggler, link, instance_loss");
            }
        }

        return faults;
    }

    private static PoolSection PoolAt(YamlMap map, DeploymentSection deployment)
    {
        var names = deployment.Pools.Select(p => p.Name).ToArray();
        var name = map.OptionalChoice("pool", names[0], names);
        return deployment.Pools.First(p => p.Name == name);
    }

    private static void CheckWindow(YamlMap map, Engine.SimDuration start, Engine.SimDuration end)
    {
        if (start < Engine.SimDuration.Zero || end <= start)
        {
            throw map.Error("end", $"the window [{start}, {end}) is empty or starts before 0; end must be after start");
        }
    }
}
