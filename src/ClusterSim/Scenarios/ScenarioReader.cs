using ClusterSim.Engine;
using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Units;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Reads a scenario file strictly into an immutable <see cref="Scenario"/>: unknown keys are refused with the
/// nearest valid name, values are checked where they stand, and every error is one line naming the key path.
/// Defaults are documented in docs/scenarios.md.
/// </summary>
public static partial class ScenarioReader
{
    /// <summary>The largest cluster a scenario may describe (2^20 accelerators; its fabric resolves in seconds).</summary>
    public const long MaxClusterAccelerators = 1 << 20;

    /// <summary>Loads a scenario file and applies command-line overrides before reading it.</summary>
    public static Scenario Load(string path, IReadOnlyList<ScenarioOverride>? overrides = null)
    {
        if (Directory.Exists(path))
        {
            throw new InputException(path, string.Empty, "is a directory; expected a scenario file (.yaml)");
        }

        if (!File.Exists(path))
        {
            throw new InputException(path, string.Empty, "file not found");
        }

        var map = YamlFile.Load(path);
        return Read(map, overrides ?? [], Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Reads scenario YAML text; <paramref name="fileName"/> names it in errors, relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static Scenario Parse(string fileName, string text, string baseDirectory, IReadOnlyList<ScenarioOverride>? overrides = null) =>
        Read(YamlFile.Parse(fileName, text), overrides ?? [], baseDirectory);

    private static Scenario Read(YamlMap root, IReadOnlyList<ScenarioOverride> overrides, string baseDirectory)
    {
        foreach (var o in overrides)
        {
            o.ApplyTo(root.Node, root.File);
        }

        root.AllowOnly(ScenarioKeys.Root.Keys);
        var name = ReadName(root);
        var seedText = root.OptionalString("seed") ?? "1";
        if (!ulong.TryParse(seedText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seed))
        {
            throw root.Error("seed", $"'{seedText}' is not a seed; expected a whole number from 0 to {ulong.MaxValue}");
        }

        var model = ReadModel(root, baseDirectory);
        var hardware = ReadHardware(root, baseDirectory);
        var cluster = ReadCluster(root.RequiredMap("cluster"));
        var deployment = ReadDeployment(root.RequiredMap("deployment"));
        var workload = ReadWorkload(root.RequiredMap("workload"));
        var scheduler = ReadScheduler(root.OptionalMap("scheduler"));
        var slo = ReadSlo(root.OptionalMap("slo"));
        var simulation = ReadSimulation(root.OptionalMap("simulation"), workload);
        var outputs = ReadOutputs(root.OptionalMap("outputs"), simulation.Duration);
        var faults = ReadFaults(root, deployment, cluster);
        var experts = ReadExperts(root, baseDirectory);
        var cost = ReadCost(root.OptionalMap("cost"));
        var scenario = new Scenario(
            name, seed, root.File, model, hardware, cluster, deployment, workload, baseDirectory, scheduler, slo, simulation, outputs, faults, experts, cost);
        ScenarioChecks.CheckConsistency(scenario);
        return scenario;
    }

    // The name becomes part of run folder names, so it must be a non-empty file name.
    private static string ReadName(YamlMap root)
    {
        if (root.OptionalString("name") is not { } name)
        {
            return Path.GetFileNameWithoutExtension(root.File);
        }

        if (name.Trim().Length == 0)
        {
            throw root.Error("name", "is empty; expected a short name (it names the run folder), or leave the key out to use the file's name");
        }

        var bad = name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('\\', StringComparison.Ordinal) || name is "." or "..";
        return bad
            ? throw root.Error("name", $"'{name}' cannot name a folder; use letters, digits, '-', '_' or '.' (no '/', '\\' or control characters)")
            : name.Trim();
    }

    private static ModelSection ReadModel(YamlMap root, string baseDirectory)
    {
        string config;
        var precision = new PrecisionOverrides();
        var key = root.IsMap("model") ? "model.config" : "model";
        if (root.IsMap("model"))
        {
            var model = root.RequiredMap("model").AllowOnly(ScenarioKeys.Model.Keys);
            config = model.RequiredString("config");
            if (model.OptionalMap("precision") is { } p)
            {
                p.AllowOnly(ScenarioKeys.Precision.Keys);
                precision = new PrecisionOverrides(
                    WeightFormatAt(p, "weights"),
                    DataTypeAt(p, "kv_cache"),
                    DataTypeAt(p, "activations"),
                    DataTypeAt(p, "dispatch"),
                    DataTypeAt(p, "combine"),
                    WeightFormatAt(p, "attention_weights"),
                    WeightFormatAt(p, "dense_weights"),
                    WeightFormatAt(p, "expert_weights"));
            }
        }
        else
        {
            config = root.RequiredString("model");
        }

        return new ModelSection(FileOrName(root, key, config, baseDirectory, ".json"), precision);
    }

    /// <summary>
    /// A file relative to the scenario becomes its absolute path; anything else that looks like a path must exist; a
    /// plain name stays as typed and is looked up in the catalog when the deployment is planned.
    /// </summary>
    private static string FileOrName(YamlMap root, string keyPath, string text, string baseDirectory, params string[] extensions)
    {
        if (text.Trim().Length == 0)
        {
            throw root.Error(keyPath, "is empty; expected a catalog name or a file path");
        }

        var relative = Path.Combine(baseDirectory, text);
        if (File.Exists(relative))
        {
            return Path.GetFullPath(relative);
        }

        return CatalogName.LooksLikePath(text, extensions)
            ? throw root.Error(keyPath, $"file '{text}' not found (looked for '{Path.GetFullPath(relative)}'); relative paths resolve against the scenario's folder")
            : text.Trim();
    }

    private static WeightFormat? WeightFormatAt(YamlMap map, string key)
    {
        if (map.OptionalString(key) is not { } text)
        {
            return null;
        }

        return WeightFormat.TryParse(text, out var format)
            ? format
            : throw map.Error(key, $"'{text}' is not a weight format; allowed: {WeightFormat.AcceptedNames}");
    }

    private static DataType? DataTypeAt(YamlMap map, string key)
    {
        if (map.OptionalString(key) is not { } text)
        {
            return null;
        }

        return DataTypes.TryParse(text, out var type)
            ? type
            : throw map.Error(key, $"'{text}' is not a data type; allowed: {DataTypes.AcceptedNames}");
    }

    private static HardwareSection ReadHardware(YamlMap root, string baseDirectory) =>
        new(FileOrName(root, "hardware", root.RequiredString("hardware"), baseDirectory, ".yaml", ".yml"));

    private static ClusterSection ReadCluster(YamlMap cluster)
    {
        cluster.AllowOnly(ScenarioKeys.Cluster.Keys);
        var nodes = cluster.RequiredInt("nodes", 1);
        var perNode = cluster.RequiredInt("accelerators_per_node", 1);
        if ((long)nodes * perNode > MaxClusterAccelerators)
        {
            // Checked in 64 bits: the product overflows int, and a fabric of millions of links would exhaust memory.
            throw cluster.Error($"nodes × accelerators_per_node = {(long)nodes * perNode} accelerators; the most allowed is {MaxClusterAccelerators}");
        }

        var fabric = cluster.OptionalMap("fabric");
        fabric?.AllowOnly(ScenarioKeys.Fabric.Keys);
        return new ClusterSection(
            nodes,
            perNode,
            fabric?.OptionalChoice("link_model", "fair-share", "fair-share", "alpha-beta") == "alpha-beta" ? LinkModel.AlphaBeta : LinkModel.FairShare,
            fabric?.OptionalChoice("routing", "hierarchical", "hierarchical", "direct") == "direct" ? CollectiveRouting.Direct : CollectiveRouting.Hierarchical,
            fabric?.OptionalDouble("oversubscription", 1, 1, 64) ?? 1,
            fabric?.OptionalInt("scale_up_domain", 0, 1) ?? 0);
    }

    private static SchedulerSection ReadScheduler(YamlMap? map)
    {
        if (map is null)
        {
            return new SchedulerSection("decode-first", "least-tokens", 0, 0, true);
        }

        map.AllowOnly(ScenarioKeys.Scheduler.Keys);
        var catalog = new Scheduling.SchedulerCatalog();
        var policy = map.OptionalChoice("policy", "decode-first", [.. catalog.PolicyNames]);
        var router = map.OptionalChoice("router", "least-tokens", [.. catalog.RouterNames]);
        var draft = 0;
        var acceptance = 0.0;
        if (map.OptionalMap("speculative") is { } spec)
        {
            spec.AllowOnly(ScenarioKeys.Speculative.Keys);
            draft = spec.OptionalInt("draft_tokens", 1, 0, 16);
            acceptance = spec.OptionalDouble("acceptance_rate", 0.85, 0, 1);
        }

        return new SchedulerSection(policy, router, draft, acceptance, map.OptionalBool("prefix_caching", true))
        {
            Admission = ReadAdmission(map.OptionalMap("admission"), catalog),
            DecodeReservation = map.OptionalBool("decode_reservation", true),
            Engine = map.OptionalChoice("engine", Serving.EngineProfile.DefaultName, Serving.EngineProfile.Names),
        };
    }

    private static Scheduling.Admission.AdmissionSettings ReadAdmission(YamlMap? map, Scheduling.SchedulerCatalog catalog)
    {
        if (map is null)
        {
            return Scheduling.Admission.AdmissionSettings.Unbounded;
        }

        map.AllowOnly(ScenarioKeys.Admission.Keys);
        var kind = map.OptionalChoice("kind", Scheduling.Admission.UnboundedAdmission.KindName, [.. catalog.AdmissionNames]);
        var needs = kind switch
        {
            Scheduling.Admission.BoundedQueueAdmission.KindName => new[] { "max_queue" },
            Scheduling.Admission.TokenBucketAdmission.KindName => ["rate_per_s", "burst"],
            _ => [],
        };
        foreach (var key in needs.Where(k => !map.Has(k)))
        {
            throw map.Error(key, $"is required when admission kind is {kind}");
        }

        foreach (var key in new[] { "max_queue", "rate_per_s", "burst" }.Except(needs).Where(map.Has))
        {
            throw map.Error(key, $"does not apply to admission kind {kind}; it takes {(needs.Length == 0 ? "no other keys" : string.Join(", ", needs))}");
        }

        return new Scheduling.Admission.AdmissionSettings(
            kind,
            map.OptionalInt("max_queue", 0, 0),
            map.OptionalDouble("rate_per_s", 0, 0.000001),
            map.OptionalDouble("burst", 1, 1));
    }

    private static SloSection ReadSlo(YamlMap? map)
    {
        if (map is null)
        {
            return new SloSection(double.PositiveInfinity, double.PositiveInfinity);
        }

        map.AllowOnly(ScenarioKeys.Slo.Keys);
        return new SloSection(
            map.OptionalDouble("ttft_ms", double.PositiveInfinity, 0.001),
            map.OptionalDouble("tpot_ms", double.PositiveInfinity, 0.001));
    }

    private static CostSection? ReadCost(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        map.AllowOnly(ScenarioKeys.Cost.Keys);
        double? Optional(string key, double minimum, double maximum) => map.Has(key) ? map.OptionalDouble(key, 0, minimum, maximum) : null;
        return new CostSection(Optional("gpu_hour_usd", 0, 1e6), Optional("power_usd_per_kwh", 0, 100), Optional("pue", 1, 10));
    }

    private static SimulationSection ReadSimulation(YamlMap? map, Workloads.WorkloadSpec workload)
    {
        var workloadDuration = workload switch
        {
            Workloads.SyntheticWorkloadSpec s => s.Duration,
            Workloads.TraceWorkloadSpec t => t.Duration,
            _ => null,
        };
        var defaultDuration = workloadDuration ?? SimDuration.FromSeconds(3600);
        if (map is null)
        {
            return new SimulationSection(defaultDuration, SimDuration.Zero, Fidelity.Step, defaultDuration);
        }

        map.AllowOnly(ScenarioKeys.Simulation.Keys);
        var duration = map.Has("duration") ? map.Required("duration", UnitParser.ParseDuration) : defaultDuration;
        if (duration <= SimDuration.Zero)
        {
            throw map.Error("duration", "must be longer than 0 (for example \"3 m\")");
        }

        var warmup = map.Has("warmup") ? map.Required("warmup", UnitParser.ParseDuration) : SimDuration.Zero;
        if (warmup < SimDuration.Zero || warmup >= duration)
        {
            throw map.Error("warmup", $"must be at least 0 and shorter than simulation.duration ({duration})");
        }

        var fidelity = map.OptionalChoice("fidelity", "step", "step", "layer") == "layer" ? Fidelity.Layer : Fidelity.Step;
        var drain = map.Has("drain_limit") ? map.Required("drain_limit", UnitParser.ParseDuration) : duration;
        if (drain < SimDuration.Zero)
        {
            throw map.Error("drain_limit", "must be at least 0");
        }

        return new SimulationSection(duration, warmup, fidelity, drain);
    }

    private static OutputsSection ReadOutputs(YamlMap? map, SimDuration duration)
    {
        if (map is null)
        {
            return new OutputsSection(false, TimeseriesBuckets.For(duration));
        }

        map.AllowOnly(ScenarioKeys.Outputs.Keys);
        var window = map.OptionalString("timeseries_window") is null or "auto"
            ? TimeseriesBuckets.For(duration)
            : map.Required("timeseries_window", UnitParser.ParseDuration);
        if (window <= SimDuration.Zero)
        {
            throw map.Error("timeseries_window", "must be longer than 0 (for example \"10 ms\") or auto");
        }

        var traceStart = map.Has("trace_window_start") ? map.Required("trace_window_start", UnitParser.ParseDuration) : SimDuration.Zero;
        if (traceStart < SimDuration.Zero)
        {
            throw map.Error("trace_window_start", "must be at least 0 (a simulated time such as \"30 s\")");
        }

        SimDuration? traceEnd = map.Has("trace_window_end") ? map.Required("trace_window_end", UnitParser.ParseDuration) : null;
        if (traceEnd is { } end && end <= traceStart)
        {
            throw map.Error("trace_window_end", $"must be later than trace_window_start ({traceStart.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s)");
        }

        var maxEvents = map.OptionalInt("trace_max_events", (int)OutputsSection.DefaultTraceMaxEvents, minimum: 1000);
        var format = map.OptionalChoice("format", "csv", "csv", "parquet") == "parquet" ? TableFormat.Parquet : TableFormat.Csv;
        return new OutputsSection(map.OptionalBool("trace", false), window, map.OptionalBool("timeseries", true), traceStart, traceEnd, maxEvents, format);
    }
}
