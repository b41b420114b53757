using System.Globalization;
using ClusterSim.Input;
using ClusterSim.Scenarios;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// Writes a candidate as a scenario file: the base scenario's YAML (with the plan's <c>set</c> overrides) with the
/// hardware, the cluster's size, the deployment, MTP and the SLOs replaced. Everything else (model, precision,
/// workload, scheduler, cost, simulation, seed) is the base's, so every candidate sees the same traffic (common
/// random numbers). The text is what the probes read and what a winning scenario file holds, so `clustersim run`
/// runs a winner exactly as the plan measured it.
/// </summary>
public sealed class CandidateScenario
{
    private readonly PlanSpec plan;
    private readonly string baseText;

    /// <summary>Reads the base scenario's text once.</summary>
    public CandidateScenario(PlanSpec plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        this.plan = plan;
        baseText = File.ReadAllText(plan.ScenarioPath);
    }

    /// <summary>The folder the base scenario's relative file names resolve against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(plan.ScenarioPath)!;

    /// <summary>The scenario name a candidate gets: the plan's name and the candidate's id.</summary>
    public string NameOf(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return $"{plan.Name}-{candidate.Id}";
    }

    /// <summary>The candidate's scenario YAML, headed by a comment naming the plan and the settings.</summary>
    public string Text(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var root = YamlFile.Parse(plan.ScenarioPath, baseText).Node;
        foreach (var (key, value) in plan.Settings)
        {
            new ScenarioOverride(key, value).ApplyTo(root, plan.ScenarioPath);
        }

        Set(root, "name", NameOf(candidate));
        var hardwareKey = new YamlScalarNode("hardware");
        if (root.Children.TryGetValue(hardwareKey, out var hardware) && hardware is YamlMappingNode hardwareMap)
        {
            Set(hardwareMap, "name", candidate.Hardware);
        }
        else
        {
            Set(root, "hardware", candidate.Hardware);
        }

        var cluster = Map(root, "cluster");
        Set(cluster, "nodes", Int(candidate.Gpus / plan.AcceleratorsPerNode));
        Set(cluster, "accelerators_per_node", Int(plan.AcceleratorsPerNode));
        root.Children[new YamlScalarNode("deployment")] = Deployment(root, candidate);
        var scheduler = Map(root, "scheduler");
        if (candidate.Mtp)
        {
            var speculative = Map(scheduler, "speculative");
            if (!speculative.Children.ContainsKey(new YamlScalarNode("draft_tokens")))
            {
                Set(speculative, "draft_tokens", "1");
            }

            if (!speculative.Children.ContainsKey(new YamlScalarNode("acceptance_rate")))
            {
                // DeepSeek-V3's report (section 5.4.3) gives 85-90 % acceptance of the second token; the low end.
                Set(speculative, "acceptance_rate", "0.85");
            }
        }
        else
        {
            scheduler.Children.Remove(new YamlScalarNode("speculative"));
        }

        var slo = Map(root, "slo");
        if (double.IsFinite(plan.Slo.TtftMs))
        {
            Set(slo, "ttft_ms", plan.Slo.TtftMs.ToString("R", CultureInfo.InvariantCulture));
        }

        if (double.IsFinite(plan.Slo.TpotMs))
        {
            Set(slo, "tpot_ms", plan.Slo.TpotMs.ToString("R", CultureInfo.InvariantCulture));
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        writer.WriteLine($"# Written by clustersim plan '{plan.Name}' ({Path.GetFileName(plan.File)}): candidate {candidate.Index.ToString(CultureInfo.InvariantCulture)}, id {candidate.Id}");
        writer.WriteLine($"# {candidate.Settings}");
        writer.WriteLine($"# Base scenario: {plan.ScenarioPath}. Catalog names resolve anywhere; a file the base names by a relative path must sit beside this file.");
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>Reads the candidate's scenario at <paramref name="ratePerSecond"/> (null: the base's rate).</summary>
    /// <exception cref="InputException">The candidate is not a valid scenario.</exception>
    public Scenario Read(Candidate candidate, double? ratePerSecond = null)
    {
        IReadOnlyList<ScenarioOverride> rate = ratePerSecond is { } r ? [new ScenarioOverride("workload.rate_per_s", r.ToString("R", CultureInfo.InvariantCulture))] : [];
        return ScenarioReader.Parse(NameOf(candidate) + ".yaml", Text(candidate), BaseDirectory, rate);
    }

    private static YamlMappingNode Deployment(YamlMappingNode root, Candidate candidate)
    {
        var basePools = root.Children.TryGetValue(new YamlScalarNode("deployment"), out var d) && d is YamlMappingNode deployment
            ? deployment.Children.Where(c => c.Value is YamlMappingNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? string.Empty, c => (YamlMappingNode)c.Value, StringComparer.Ordinal)
            : [];
        var result = new YamlMappingNode { { "mode", candidate.ModeName } };
        foreach (var pool in candidate.Pools)
        {
            // Keys the plan does not search (max_batch_tokens, kv_memory_fraction, ...) come from the base's pool of
            // the same name, else from its serving or prefill pool, so the user's engine settings carry over.
            var template = basePools.GetValueOrDefault(pool.Name) ?? basePools.GetValueOrDefault("serving") ?? basePools.GetValueOrDefault("prefill");
            var node = new YamlMappingNode();
            foreach (var (key, value) in template?.Children.ToArray() ?? [])
            {
                var name = ((YamlScalarNode)key).Value;
                if (name is not ("instances" or "accelerators_per_instance" or "attention" or "experts" or "micro_batches" or "max_running_requests") && value is YamlScalarNode scalar)
                {
                    node.Add(name!, new YamlScalarNode(scalar.Value));
                }
            }

            node.Add("instances", Int(pool.Instances));
            node.Add("accelerators_per_instance", Int(pool.Ep));
            node.Add("attention", new YamlMappingNode { { "tp", Int(pool.Tp) }, { "dp", Int(pool.Dp) } });
            node.Add("experts", new YamlMappingNode { { "ep", Int(pool.Ep) }, { "redundant", Int(pool.Redundant) }, { "all_to_all", pool.AllToAll } });
            node.Add("micro_batches", Int(pool.MicroBatches));
            node.Add("max_running_requests", Int(pool.MaxRunningRequests));
            result.Add(pool.Name, node);
        }

        return result;
    }

    private static YamlMappingNode Map(YamlMappingNode parent, string key)
    {
        if (parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode map)
        {
            return map;
        }

        var created = new YamlMappingNode();
        parent.Children[new YamlScalarNode(key)] = created;
        return created;
    }

    private static void Set(YamlMappingNode map, string key, string value) => map.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
