using ClusterSim.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using ClusterSim.Input;

namespace ClusterSim.Regression;

/// <summary>One case of the regression suite: a scenario file run under one batch policy.</summary>
/// <param name="Name">SCENARIO.POLICY, the baseline's file name without .json.</param>
/// <param name="ScenarioPath">Absolute path of the scenario file.</param>
/// <param name="Policy">Batch policy that replaces the file's scheduler.policy.</param>
public sealed record RegressionCase(string Name, string ScenarioPath, string Policy)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// The scheduler regression suite: scenarios/regression/suite.yaml lists scenario files, each crossed with batch
/// policies; scenarios/baselines/ holds one golden summary per case.
/// </summary>
public sealed class RegressionSuite
{
    private RegressionSuite(string suiteFile, string baselinesDirectory, IReadOnlyList<RegressionCase> cases)
    {
        SuiteFile = suiteFile;
        BaselinesDirectory = baselinesDirectory;
        Cases = cases;
    }

    /// <summary>The suite.yaml read.</summary>
    public string SuiteFile { get; }

    /// <summary>Folder of the golden summaries.</summary>
    public string BaselinesDirectory { get; }

    /// <summary>Every case, in file order.</summary>
    public IReadOnlyList<RegressionCase> Cases { get; }

    /// <summary>The golden summary file of a case.</summary>
    public string BaselineFile(RegressionCase regressionCase)
    {
        ArgumentNullException.ThrowIfNull(regressionCase);
        return Path.Combine(BaselinesDirectory, regressionCase.Name + ".json");
    }

    /// <summary>A catalog's suite: regression/suite.yaml with baselines in baselines/.</summary>
    public static RegressionSuite Of(Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var root = catalog.ScenariosDirectory;
        return Load(Path.Combine(root, "regression", "suite.yaml"), Path.Combine(root, "baselines"));
    }

    /// <summary>Reads a suite file; scenario paths are relative to it.</summary>
    /// <exception cref="InputException">The file is missing or malformed; the message names the key path.</exception>
    public static RegressionSuite Load(string suiteFile, string baselinesDirectory)
    {
        if (!File.Exists(suiteFile))
        {
            throw new InputException(suiteFile, string.Empty, "suite file not found");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(suiteFile);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InputException(suiteFile, string.Empty, $"not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0
            || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("cases"), out var casesNode)
            || casesNode is not YamlSequenceNode cases)
        {
            throw new InputException(suiteFile, "cases", "expected a list of { scenario, policies } entries");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(suiteFile))!;
        var catalog = new Scheduling.SchedulerCatalog();
        var list = new List<RegressionCase>();
        for (var i = 0; i < cases.Children.Count; i++)
        {
            var keyPath = $"cases[{i}]";
            if (cases.Children[i] is not YamlMappingNode entry
                || Scalar(entry, "scenario") is not { } scenario
                || !entry.Children.TryGetValue(new YamlScalarNode("policies"), out var policiesNode)
                || policiesNode is not YamlSequenceNode policies)
            {
                throw new InputException(suiteFile, keyPath, "expected { scenario: FILE, policies: [NAME, ...] }");
            }

            var path = Path.Combine(directory, scenario);
            if (!File.Exists(path))
            {
                throw new InputException(suiteFile, keyPath + ".scenario", $"'{scenario}' not found in {directory}");
            }

            foreach (var policy in policies.Children.OfType<YamlScalarNode>().Select(p => p.Value ?? string.Empty))
            {
                if (!catalog.HasPolicy(policy))
                {
                    throw new InputException(suiteFile, keyPath + ".policies", $"unknown policy '{policy}'; known: {string.Join(", ", catalog.PolicyNames)}");
                }

                list.Add(new RegressionCase($"{Path.GetFileNameWithoutExtension(scenario)}.{policy}", path, policy));
            }
        }

        return new RegressionSuite(Path.GetFullPath(suiteFile), Path.GetFullPath(baselinesDirectory), list);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;
}
