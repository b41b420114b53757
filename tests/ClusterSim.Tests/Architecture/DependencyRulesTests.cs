using System.Text.RegularExpressions;

namespace ClusterSim.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md, held by a scan of the sources: each folder of the domain library may
/// name only folders of lower layers (a `using ClusterSim.X` or a qualified `X.Type`), telemetry sees records and
/// never the live scheduler, and the CLI holds no copy of the resolution a deployment plan does.
/// </summary>
public sealed partial class DependencyRulesTests
{
    /// <summary>Layers from the bottom; a folder may depend on folders of strictly lower layers only.</summary>
    public static readonly IReadOnlyList<string[]> Layers =
    [
        ["Units"],
        ["Input"],
        ["Hardware", "Fabric", "Workloads", "Scheduling"],
        ["Models", "Kernels"],
        ["Analysis", "Experts"],
        ["Serving"],
        ["Telemetry", "Scenarios"],
        ["Planning"],
        ["Runs"],
        ["RunFolders", "Measurements"],
        ["Regression", "Sweeps"],
        ["DeploymentSearch"],
    ];

    private static string Root => Path.GetDirectoryName(TestCatalog.Repository.ScenariosDirectory)!;

    private static string Domain => Path.Combine(Root, "src", "ClusterSim");

    [Fact]
    public void Every_domain_folder_has_a_layer()
    {
        var folders = Directory.GetDirectories(Domain).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToArray();
        var placed = Layers.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        Assert.All(folders, f => Assert.Contains(f!, placed));
    }

    [Fact]
    public void Each_folder_names_only_lower_layers()
    {
        var layerOf = Layers.SelectMany((names, i) => names.Select(n => (n, i))).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var names = string.Join("|", layerOf.Keys);
        var reference = new Regex($@"(?:using ClusterSim\.|[^.\w]ClusterSim\.|[^.\w""])({names})\.[A-Z]", RegexOptions.CultureInvariant);
        var violations = new List<string>();
        foreach (var (folder, layer) in layerOf)
        {
            var directory = Path.Combine(Domain, folder);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in SourceFiles(directory))
            {
                foreach (Match m in reference.Matches(Code(file)))
                {
                    var target = m.Groups[1].Value;
                    if (target != folder && layerOf[target] >= layer)
                    {
                        violations.Add($"{Path.GetRelativePath(Root, file)}: {folder} (layer {layer}) names {target} (layer {layerOf[target]})");
                    }
                }
            }
        }

        Assert.Empty(violations.Distinct());
    }

    [Fact]
    public void Input_depends_on_nothing_but_units()
    {
        var usings = SourceFiles(Path.Combine(Domain, "Input")).SelectMany(f => UsingLine().Matches(Code(f)).Select(m => m.Groups[1].Value)).Distinct().ToArray();
        Assert.All(usings, u => Assert.True(u is "ClusterSim.Units" || !u.StartsWith("ClusterSim", StringComparison.Ordinal), u));
    }

    [Fact]
    public void Telemetry_never_holds_the_live_scheduler()
    {
        var live = new Regex(@"\b(ServingInstance|AttentionRank|PagedKvCache|StepPricer|AfdStepPricer|IStepPricer)\b", RegexOptions.CultureInvariant);
        var found = SourceFiles(Path.Combine(Domain, "Telemetry"))
            .SelectMany(f => live.Matches(Code(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .Distinct()
            .ToArray();
        Assert.Empty(found);
    }

    [Fact]
    public void The_cli_resolves_deployments_only_through_the_plan()
    {
        var resolution = new Regex(@"\b(ModelConfigReader|FabricFactory|AfdPoolPlanner|CommunicationCalibration|PoolPlan\.Create|PoolMemoryPlan\.Create|HardwareCatalogLocator)\b", RegexOptions.CultureInvariant);
        var found = SourceFiles(Path.Combine(Root, "src", "ClusterSim.Cli"))
            .SelectMany(f => resolution.Matches(Code(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .Distinct()
            .ToArray();
        Assert.Empty(found);
    }

    [Fact]
    public void The_scan_sees_a_violation_when_there_is_one()
    {
        // Guards the regular expression: a lower folder naming a higher one in either form is caught.
        var names = string.Join("|", Layers.SelectMany(l => l));
        var reference = new Regex($@"(?:using ClusterSim\.|[^.\w]ClusterSim\.|[^.\w""])({names})\.[A-Z]", RegexOptions.CultureInvariant);
        Assert.Equal("Scenarios", reference.Match("using ClusterSim.Scenarios.Yaml;").Groups[1].Value);
        Assert.Equal("Serving", reference.Match("var x = new Serving.ServingInstance();").Groups[1].Value);
        Assert.DoesNotMatch(reference, "var x = scenario.Hardware.Name;");
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    // Source without comments, so a sentence that mentions a type is not a dependency.
    private static string Code(string file) => Comment().Replace(File.ReadAllText(file), string.Empty);

    [GeneratedRegex(@"//[^\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^using (ClusterSim[\w.]*);", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex UsingLine();
}
