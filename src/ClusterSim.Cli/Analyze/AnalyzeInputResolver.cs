using ClusterSim.Cli.Commands;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Cli.Analyze;

/// <summary>Turns `analyze` arguments into <see cref="AnalyzeInputs"/>: catalog look-ups, the scenario, the deployment.</summary>
/// <param name="scenariosRoot">The folder holding models/ and hardware/ (Catalog:ScenariosDirectory or the located scenarios/).</param>
internal sealed class AnalyzeInputResolver(string scenariosRoot)
{
    private const string Verb = "clustersim analyze";

    /// <summary>Resolves the arguments; unknown names and bad scenarios throw user errors (exit 2).</summary>
    public AnalyzeInputs Resolve(AnalyzeArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var scenario = arguments.ScenarioFile is { } file ? ScenarioReader.Load(file) : null;

        var model = arguments.Model is { } modelName ? LoadModel(modelName) : ModelConfigReader.ReadFile(scenario!.Model.ConfigPath);
        // A scenario's config path is absolute; the model's name is what a reader recognises.
        var modelSource = arguments.Model ?? model.Name;
        var hardwareSource = arguments.Hardware ?? scenario!.Hardware.NameOrPath;
        var hardware = LoadHardware(hardwareSource);

        var precision = scenario is null ? model.Precision : WithOverrides(model.Precision, scenario.Model.Precision);
        var deployment = scenario is null ? AnalyzeDeployment.DefaultFor(model) : FromScenario(scenario, model);
        try
        {
            deployment.Plan.Validate(model);
        }
        catch (ArgumentException e)
        {
            throw new UserErrorException($"{Verb}: the deployment ({deployment.Source}) does not fit {model.Name}: {e.Message}", e);
        }

        return new AnalyzeInputs(
            model,
            modelSource,
            precision,
            hardware,
            hardwareSource,
            arguments.ScenarioFile,
            deployment,
            arguments.Batches.Count > 0 ? arguments.Batches.Distinct().Order().ToArray() : AnalyzeInputs.DefaultBatches,
            arguments.Contexts.Count > 0 ? arguments.Contexts.Distinct().Order().ToArray() : AnalyzeInputs.DefaultContexts);
    }

    private ModelArchitecture LoadModel(string name)
    {
        var catalog = new ModelCatalog(Path.Combine(scenariosRoot, "models"));
        if (LooksLikePath(name, ".json"))
        {
            return catalog.Load(name);
        }

        // deepseek-r1 is an alias the catalog resolves to deepseek-v3; it has no file of its own.
        var names = catalog.Names();
        if (names.Contains("deepseek-v3", StringComparer.Ordinal))
        {
            names = [.. names.Append("deepseek-r1").Order(StringComparer.Ordinal)];
        }

        return catalog.Load(Match("model", name, names));
    }

    private AcceleratorSpec LoadHardware(string name)
    {
        var catalog = new HardwareCatalog(Path.Combine(scenariosRoot, "hardware"));
        if (LooksLikePath(name, ".yaml") || LooksLikePath(name, ".yml"))
        {
            return catalog.Load(name);
        }

        return catalog.Load(Match("hardware", name, catalog.Names));
    }

    // An exact name (any case), else the one catalog name it is a prefix of ("gpt-3" → gpt-3-175b), else a
    // one-line error with the nearest name and the whole list.
    private static string Match(string what, string given, IReadOnlyList<string> names)
    {
        var trimmed = given.Trim();
        var exact = names.FirstOrDefault(n => n.Equals(trimmed, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        var prefixed = names.Where(n => n.StartsWith(trimmed, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (prefixed.Length == 1 && trimmed.Length > 0)
        {
            return prefixed[0];
        }

        var nearest = prefixed.Length > 1 ? $" did you mean one of {string.Join(", ", prefixed)}?" : NearestName.DidYouMean(trimmed, names);
        var known = names.Count == 0 ? "none" : string.Join(", ", names);
        throw new UserErrorException($"{Verb}: unknown {what} '{given}';{nearest} known: {known}");
    }

    private static bool LooksLikePath(string text, string extension) =>
        text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal)
        || text.EndsWith(extension, StringComparison.OrdinalIgnoreCase);

    // The scenario's decode pool is the one whose batch, capacity and step time the analysis describes.
    private static AnalyzeDeployment FromScenario(Scenario scenario, ModelArchitecture model)
    {
        var pool = scenario.Deployment.Pools.FirstOrDefault(p => p.Name == "decode") ?? scenario.Deployment.Pools[0];
        return new AnalyzeDeployment(
            $"scenario {Path.GetFileName(scenario.SourceFile)}, pool {pool.Name}",
            pool.AcceleratorsPerInstance,
            pool.AttentionTp,
            pool.AttentionDp,
            model.IsMoe ? pool.Ep : 1,
            model.IsMoe ? pool.RedundantExperts : 0);
    }

    // A scenario's `weights` format applies to every matrix it quantises (attention, dense, shared and routed experts).
    private static ModelPrecision WithOverrides(ModelPrecision precision, PrecisionOverrides overrides) => precision with
    {
        Weights = overrides.Weights ?? precision.Weights,
        ExpertWeights = overrides.Weights ?? precision.ExpertWeights,
        KvCache = overrides.KvCache ?? precision.KvCache,
        Activations = overrides.Activations ?? precision.Activations,
        Dispatch = overrides.Dispatch ?? precision.Dispatch,
        Combine = overrides.Combine ?? precision.Combine,
    };
}
