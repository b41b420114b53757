using System.Globalization;
using ClusterSim.Input;
using ClusterSim.Scenarios;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// Reads a plan file strictly (docs/planning.md): unknown keys are refused with the nearest name, every value is
/// checked where it stands, and every error is one <see cref="InputException"/> line naming the file, the key path,
/// what is wrong and what is allowed. The base scenario is read too (with the plan's <c>set</c> overrides), so a
/// plan whose scenario cannot be read fails here, before any candidate is enumerated.
/// </summary>
public static class PlanReader
{
    /// <summary>Most candidates one plan may enumerate (shard a larger search, or narrow it).</summary>
    public const int MaxCandidates = 100_000;

    /// <summary>Reads the plan file at <paramref name="path"/>; <paramref name="extraSettings"/> (--set) follow the file's <c>set</c>.</summary>
    /// <exception cref="InputException">Anything wrong in the plan file or its base scenario.</exception>
    public static PlanSpec Load(string path, IReadOnlyList<KeyValuePair<string, string>>? extraSettings = null)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, string.Empty, Directory.Exists(path) ? "is a directory; expected a plan file (.yaml)" : "file not found");
        }

        var root = YamlFile.Load(path).AllowOnly(PlanKeys.Root.Keys);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var name = root.OptionalString("name")?.Trim() is { Length: > 0 } n ? n : Path.GetFileNameWithoutExtension(path);
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw root.Error("name", $"'{name}' cannot name a file; use letters, digits, '-', '_' or '.'");
        }

        var scenarioText = root.RequiredString("scenario");
        var scenarioPath = Path.GetFullPath(Path.Combine(folder, scenarioText));
        if (!File.Exists(scenarioPath))
        {
            throw root.Error("scenario", $"'{scenarioText}' is not a file; expected the base scenario's path relative to the plan file");
        }

        var settings = ReadSettings(root).Concat(extraSettings ?? []).ToArray();
        Scenario scenario;
        try
        {
            scenario = ScenarioReader.Load(scenarioPath, settings.Select(s => new ScenarioOverride(s.Key, s.Value)).ToArray());
        }
        catch (InputException e)
        {
            throw new InputException(path, "scenario", $"the base scenario cannot be read: {e.Message}", e);
        }

        if (scenario.Deployment.Afd is not null)
        {
            throw root.Error("scenario", "the base scenario is an AFD deployment; a plan enumerates colocated and disaggregated deployments, so start from either");
        }

        var hardware = root.Has("hardware") ? Strings(root, "hardware", null) : [scenario.Hardware.NameOrPath];
        var perNode = root.OptionalInt("accelerators_per_node", scenario.Cluster.AcceleratorsPerNode, 1, 1024);
        var gpus = root.Has("gpus") ? ReadGpus(root, perNode) : [scenario.Cluster.Nodes * scenario.Cluster.AcceleratorsPerNode];
        var slo = ReadSlo(root, scenario);
        var objective = root.OptionalChoice("objective", "throughput_per_gpu", PlanKeys.Objectives) switch
        {
            "cost_per_token" => PlanObjective.CostPerToken,
            "energy_per_token" => PlanObjective.EnergyPerToken,
            _ => PlanObjective.ThroughputPerGpu,
        };

        var search = root.RequiredMap("search").AllowOnly(PlanKeys.Search.Keys);
        var modes = search.Has("modes")
            ? Strings(search, "modes", PlanKeys.Modes).Select(m => m == "disaggregated" ? PlanMode.Disaggregated : PlanMode.Colocated).Distinct().ToArray()
            : [PlanMode.Colocated];
        var ratios = search.Has("prefill_decode_ratios") ? ReadRatios(search) : [new PoolRatio(1, 1)];
        var firstPool = scenario.Deployment.Pools[0];
        var pools = new Dictionary<string, PoolSpace>(StringComparer.Ordinal);
        foreach (var pool in PlanKeys.PerPool.Keys)
        {
            if (!search.Has("ep"))
            {
                throw search.Error("ep", "missing; list the expert-parallel degrees to try (each is also an instance's accelerators), for example ep: [8, 16, 32]");
            }

            pools[pool] = new PoolSpace(
                Ints(search, "ep", pool, [], 1, 1 << 20),
                Ints(search, "attention_tp", pool, [1], 1, 1024),
                Ints(search, "redundant_experts", pool, [0], 0, 100_000),
                Ints(search, "micro_batches", pool, [1], 1, 2),
                Ints(search, "max_running_requests", pool, [firstPool.MaxRunningRequests], 1, 1_000_000),
                PoolStrings(search, "all_to_all", pool, ["normal"], PlanKeys.AllToAll));
        }

        var used = modes.SelectMany(m => m == PlanMode.Colocated ? new[] { "serving" } : ["prefill", "decode"]);
        if (used.FirstOrDefault(pool => pools[pool].Ep.Count == 0) is { } bare)
        {
            throw search.Error("ep." + bare, $"missing; the {bare} pool needs EP degrees to try, for example ep: {{ {bare}: [8, 16] }}");
        }

        var mtp = search.Has("mtp") ? Bools(search, "mtp") : [scenario.Scheduler.DraftTokens > 0];
        var capacity = root.OptionalMap("capacity")?.AllowOnly(PlanKeys.Capacity.Keys);
        var precision = capacity?.OptionalDouble("precision", 0.1, 0.001, 0.5) ?? 0.1;
        var start = capacity is not null && capacity.Has("start_rate_per_gpu")
            ? capacity.OptionalDouble("start_rate_per_gpu", 1, 1e-6, 1e6)
            : BaseRatePerGpu(scenario) ?? throw root.Error("capacity", "the base scenario has no workload.rate_per_s to start the capacity searches from; set capacity.start_rate_per_gpu (requests/s per accelerator)");
        var top = root.OptionalInt("top", 5, 1, 1000);
        var spec = new PlanSpec(
            path, name, scenarioPath, settings, hardware, gpus, perNode, modes, ratios, pools["serving"], pools["prefill"], pools["decode"], mtp, slo, objective, precision, start, top);
        var count = CandidateSpace.Count(spec);
        return count <= MaxCandidates
            ? spec
            : throw search.Error($"enumerates {count.ToString(CultureInfo.InvariantCulture)} candidates; at most {MaxCandidates.ToString(CultureInfo.InvariantCulture)} are allowed: narrow the lists or split the plan");
    }

    /// <summary>
    /// The plan with the command line's budget, objective and winner count laid over the file's; the candidate count
    /// is checked again.
    /// </summary>
    /// <param name="plan">The plan as read.</param>
    /// <param name="gpus">"N" or "A-B" (every whole number of nodes from A to B), or null.</param>
    /// <param name="objective">An objective name, or null.</param>
    /// <param name="top">Winners to write, or null.</param>
    /// <exception cref="InputException">A malformed budget (file "--gpus").</exception>
    public static PlanSpec WithOptions(PlanSpec plan, string? gpus, string? objective, int? top)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = plan with
        {
            Objective = objective switch
            {
                null => plan.Objective,
                "cost_per_token" => PlanObjective.CostPerToken,
                "energy_per_token" => PlanObjective.EnergyPerToken,
                "throughput_per_gpu" => PlanObjective.ThroughputPerGpu,
                _ => throw new InputException("--objective", string.Empty, $"'{objective}' is not an objective; allowed: {string.Join(", ", PlanKeys.Objectives)}"),
            },
            Top = top ?? plan.Top,
            Gpus = gpus is null ? plan.Gpus : Budget(gpus, plan.AcceleratorsPerNode),
        };
        var count = CandidateSpace.Count(result);
        return count <= MaxCandidates
            ? result
            : throw new InputException("--gpus", string.Empty, $"the plan then enumerates more than {MaxCandidates.ToString(CultureInfo.InvariantCulture)} candidates; narrow the budget");
    }

    private static int[] Budget(string text, int perNode)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        int[] values;
        if (parts.Length == 1 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            values = [n];
        }
        else if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && a >= 1 && b >= a)
        {
            values = Enumerable.Range(1, b / perNode).Select(k => k * perNode).Where(g => g >= a).ToArray();
        }
        else
        {
            throw new InputException("--gpus", string.Empty, $"'{text}' is not a budget; allowed: N, or A-B with 1 <= A <= B");
        }

        return values.Length > 0 && values.All(g => g % perNode == 0)
            ? values
            : throw new InputException("--gpus", string.Empty, $"'{text}' holds no whole number of nodes; allowed: multiples of accelerators_per_node ({perNode})");
    }

    // The base scenario's offered rate per accelerator: where each candidate's search starts, scaled by its size.
    private static double? BaseRatePerGpu(Scenario scenario)
    {
        var rate = scenario.Workload switch
        {
            Workloads.SyntheticWorkloadSpec synthetic => synthetic.Arrival.RatePerSecond,
            Workloads.TraceWorkloadSpec trace => trace.RatePerSecond,
            _ => null,
        };
        var gpus = scenario.Deployment.Pools.Sum(p => (long)p.Instances * p.AcceleratorsPerInstance);
        return rate is { } r && r > 0 && gpus > 0 ? r / gpus : null;
    }

    private static KeyValuePair<string, string>[] ReadSettings(YamlMap root)
    {
        if (root.OptionalMap("set") is not { } set)
        {
            return [];
        }

        return set.Keys.Select(k => new KeyValuePair<string, string>(k, set.RequiredString(k))).ToArray();
    }

    private static int[] ReadGpus(YamlMap root, int perNode)
    {
        int[] values;
        if (root.IsMap("gpus"))
        {
            var range = root.RequiredMap("gpus").AllowOnly(PlanKeys.GpuRange.Keys);
            var min = range.RequiredInt("min", 1);
            var max = range.RequiredInt("max", 1);
            if (max < min)
            {
                throw range.Error("max", $"{max} is below min {min}; allowed: a whole number of at least {min}");
            }

            // A range means every whole number of nodes inside it: a candidate's cluster is whole nodes.
            values = Enumerable.Range(1, max / perNode).Select(k => k * perNode).Where(g => g >= min).ToArray();
            if (values.Length == 0)
            {
                throw root.Error("gpus", $"no multiple of accelerators_per_node ({perNode}) lies in [{min}, {max}]; widen the range");
            }

            return values;
        }

        values = Ints(root, "gpus", null, null, 1, 1 << 20).Distinct().Order().ToArray();
        var partial = values.FirstOrDefault(g => g % perNode != 0);
        return partial == 0
            ? values
            : throw root.Error("gpus", $"{partial} is not a whole number of nodes; allowed: multiples of accelerators_per_node ({perNode})");
    }

    private static PlanSlo ReadSlo(YamlMap root, Scenario scenario)
    {
        var slo = root.OptionalMap("slo")?.AllowOnly(PlanKeys.Slo.Keys);
        var ttft = slo?.OptionalDouble("ttft_ms", scenario.Slo.TtftMs, 0.001) ?? scenario.Slo.TtftMs;
        var tpot = slo?.OptionalDouble("tpot_ms", scenario.Slo.TpotMs, 0.001) ?? scenario.Slo.TpotMs;
        if (slo is not null && slo.Has("min_tokens_per_s_per_user"))
        {
            // A user reading at r tokens/s needs a token every 1000 / r ms: the same objective as a TPOT bound.
            tpot = Math.Min(tpot, 1000 / slo.OptionalDouble("min_tokens_per_s_per_user", 1, 0.001, 1e6));
        }

        if (double.IsPositiveInfinity(ttft) && double.IsPositiveInfinity(tpot))
        {
            throw root.Error("slo", "neither the plan nor its base scenario sets an SLO; add slo.ttft_ms, slo.tpot_ms or slo.min_tokens_per_s_per_user (capacity is the highest rate meeting them)");
        }

        var percentile = slo?.OptionalDouble("percentile", 90, 1, 100) ?? 90;
        return new PlanSlo(ttft, tpot, percentile / 100);
    }

    private static PoolRatio[] ReadRatios(YamlMap search)
    {
        var texts = Strings(search, "prefill_decode_ratios", null);
        var ratios = new List<PoolRatio>();
        for (var i = 0; i < texts.Length; i++)
        {
            var parts = texts[i].Split(':');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                || p < 1 || d < 1)
            {
                throw new InputException(search.File, $"{search.PathOf("prefill_decode_ratios")}[{i}]", $"'{texts[i]}' is not a ratio; allowed: P:D with whole numbers of at least 1, for example \"1:3\" (quoted)");
            }

            ratios.Add(new PoolRatio(p, d));
        }

        return ratios.Distinct().ToArray();
    }

    private static bool[] Bools(YamlMap map, string key) =>
        Strings(map, key, null).Select((t, i) => t.Trim().ToLowerInvariant() switch
        {
            "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            _ => throw new InputException(map.File, $"{map.PathOf(key)}[{i}]", $"'{t}' is not on or off; allowed: on, off"),
        }).Distinct().ToArray();

    // A per-pool axis: a list (every pool), a single value, or a mapping serving/prefill/decode → list.
    private static int[] Ints(YamlMap map, string key, string? pool, int[]? fallback, int minimum, int maximum)
    {
        var (texts, path) = Node(map, key, pool);
        if (texts is null)
        {
            return fallback ?? throw map.Error(key, pool is null ? "missing" : $"gives no list for the {pool} pool; allowed: a list for every pool, or serving, prefill and decode lists");
        }

        var values = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (!int.TryParse(texts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < minimum || v > maximum)
            {
                throw new InputException(map.File, $"{path}[{i}]", $"'{texts[i]}' is not allowed; allowed: whole numbers from {minimum} to {maximum}");
            }

            values.Add(v);
        }

        return values.Distinct().ToArray();
    }

    private static string[] PoolStrings(YamlMap map, string key, string pool, string[] fallback, string[] allowed)
    {
        var (texts, path) = Node(map, key, pool);
        if (texts is null)
        {
            return fallback;
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (!allowed.Contains(texts[i], StringComparer.Ordinal))
            {
                throw new InputException(map.File, $"{path}[{i}]", $"'{texts[i]}' is not allowed;{NearestName.DidYouMean(texts[i], allowed)} allowed: {string.Join(", ", allowed)}");
            }
        }

        return texts.Distinct().ToArray();
    }

    private static string[] Strings(YamlMap map, string key, string[]? allowed)
    {
        var (texts, path) = Node(map, key, null);
        var values = texts ?? throw map.Error(key, "missing");
        for (var i = 0; i < values.Count; i++)
        {
            if (allowed is not null && !allowed.Contains(values[i], StringComparer.Ordinal))
            {
                throw new InputException(map.File, $"{path}[{i}]", $"'{values[i]}' is not allowed;{NearestName.DidYouMean(values[i], allowed)} allowed: {string.Join(", ", allowed)}");
            }
        }

        return values.Distinct().ToArray();
    }

    // The scalars at key (or at key.pool when the value is a per-pool mapping); null texts when absent.
    private static (IReadOnlyList<string>? Texts, string Path) Node(YamlMap map, string key, string? pool)
    {
        if (!map.Has(key))
        {
            return (null, map.PathOf(key));
        }

        var node = map.Required(key);
        var path = map.PathOf(key);
        if (node is YamlMappingNode)
        {
            var perPool = map.RequiredMap(key).AllowOnly(PlanKeys.PerPool.Keys);
            if (pool is null)
            {
                throw map.Error(key, "expected a list of values, found a mapping");
            }

            if (!perPool.Has(pool))
            {
                return (null, perPool.PathOf(pool));
            }

            node = perPool.Required(pool);
            path = perPool.PathOf(pool);
        }

        IReadOnlyList<string> texts = node switch
        {
            YamlScalarNode scalar => [scalar.Value ?? string.Empty],
            YamlSequenceNode sequence => sequence.Children.Select((c, i) => c is YamlScalarNode s
                ? s.Value ?? string.Empty
                : throw new InputException(map.File, $"{path}[{i}]", "expected a single value, found a list or mapping")).ToArray(),
            _ => throw new InputException(map.File, path, "expected a list of values"),
        };
        return texts.Count > 0 ? (texts, path) : throw new InputException(map.File, path, "the list is empty; give at least one value");
    }
}
