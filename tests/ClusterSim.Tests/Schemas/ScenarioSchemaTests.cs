using System.Text.Json.Nodes;
using ClusterSim.Hardware;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Schemas;

/// <summary>Every shipped scenario and hardware file passes its schema, and the schema refuses what the reader refuses.</summary>
public sealed class ScenarioSchemaTests
{
    /// <summary>Every YAML file of the catalog except hardware files, engine profiles and the regression suite's list (not scenarios).</summary>
    public static TheoryData<string> ShippedScenarios() => [.. ScenarioFiles()];

    public static TheoryData<string> ShippedHardware() =>
        [.. HardwareCatalog.Of(TestCatalog.Repository).Names];

    public static TheoryData<string> ShippedEngines() => [.. ClusterSim.Serving.EngineProfile.Names];

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void A_shipped_scenario_is_read_and_passes_the_schema(string relativePath)
    {
        var path = Path.Combine(TestCatalog.Repository.ScenariosDirectory, relativePath);

        // The scale scenario's million-row trace is generated, not shipped (docs/performance.md): read it with a sample.
        ScenarioOverride[] generated = relativePath == "scale/deepseek-v3-1024-h800.yaml"
            ? [new("workload.trace.path", Path.Combine(TestCatalog.Repository.ScenariosDirectory, "workloads", "azure-code-2023-sample.csv"))]
            : [];

        ScenarioReader.Load(path, generated);
        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Scenario, YamlJson.Load(path)));
        AssertEditorLine(path, "scenario.schema.json");
    }

    [Fact]
    public void The_catalog_holds_the_scenarios_the_theory_covers()
    {
        // Guards the theory against an empty or mis-rooted enumeration.
        var files = ScenarioFiles();

        Assert.Contains("default.yaml", files);
        Assert.Contains("regression/llama-70b-h100-tp8.yaml", files);
        Assert.True(files.Length >= 20, $"only {files.Length} scenarios found");
    }

    [Theory]
    [MemberData(nameof(ShippedHardware))]
    public void A_shipped_hardware_file_passes_the_schema(string name)
    {
        var path = Path.Combine(TestCatalog.Repository.HardwareDirectory, name + ".yaml");

        AcceleratorSpecReader.Read(path);
        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Hardware, YamlJson.Load(path)));
        AssertEditorLine(path, "hardware.schema.json");
    }

    [Theory]
    [MemberData(nameof(ShippedEngines))]
    public void A_shipped_engine_profile_passes_the_schema(string name)
    {
        var path = Path.Combine(TestCatalog.Repository.ScenariosDirectory, "engines", name + ".yaml");

        ClusterSim.Planning.EngineCatalog.Parse(path, File.ReadAllText(path));
        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Engine, YamlJson.Load(path)));
        AssertEditorLine(path, "engine.schema.json");
    }

    [Theory]
    [InlineData("cluster", "nodse", "2")]
    [InlineData("", "sed", "2")]
    [InlineData("simulation", "duration", "3 minutes")]
    [InlineData("simulation", "fidelity", "token")]
    [InlineData("deployment.serving", "kv_memory_fraction", "1.5")]
    [InlineData("scheduler", "policy", "lifo")]
    public void The_schema_refuses_what_the_reader_refuses(string section, string key, string value)
    {
        var path = Path.Combine(TestCatalog.Repository.ScenariosDirectory, "default.yaml");
        var json = YamlJson.Load(path)!.AsObject();
        var target = section.Split('.', StringSplitOptions.RemoveEmptyEntries).Aggregate(json, (node, part) => node[part]!.AsObject());
        target[key] = YamlJson.Convert(new YamlDotNet.RepresentationModel.YamlScalarNode(value));
        var keyPath = section.Length == 0 ? key : section + "." + key;

        Assert.Throws<ClusterSim.Input.InputException>(() => ScenarioReader.Load(path, [new ScenarioOverride(keyPath, value)]));
        Assert.NotEmpty(SchemaFiles.Errors(SchemaFiles.Scenario, json));
    }

    [Fact]
    public void Each_deployment_mode_and_workload_kind_takes_only_its_own_keys()
    {
        JsonObject Scenario(string deployment, string workload) => JsonNode.Parse($$"""
            { "model": "deepseek-v3", "hardware": "h200", "cluster": { "nodes": 1, "accelerators_per_node": 8 },
              "deployment": {{deployment}}, "workload": {{workload}} }
            """)!.AsObject();
        const string Colocated = """{ "serving": { "accelerators_per_instance": 8 } }""";
        const string Synthetic = """{ "rate_per_s": 2, "input_tokens": 100, "output_tokens": 10, "duration": "10 s" }""";

        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Scenario, Scenario(Colocated, Synthetic)));
        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Scenario, Scenario(Colocated, """{ "arrival": "closed", "concurrency": 4, "requests": 8, "input_tokens": 100, "output_tokens": 10 }""")));
        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Scenario, Scenario(Colocated, """{ "trace": { "path": "t.csv", "format": "azure" } }""")));
        Assert.NotEmpty(SchemaFiles.Errors(SchemaFiles.Scenario, Scenario("""{ "mode": "disaggregated", "serving": { "accelerators_per_instance": 8 } }""", Synthetic)));
        Assert.NotEmpty(SchemaFiles.Errors(SchemaFiles.Scenario, Scenario(Colocated, """{ "arrival": "closed", "concurrency": 4, "requests": 8, "rate_per_s": 2, "input_tokens": 100, "output_tokens": 10 }""")));
        Assert.NotEmpty(SchemaFiles.Errors(SchemaFiles.Scenario, Scenario(Colocated, """{ "trace": { "path": "t.csv", "format": "azure" }, "rate_per_s": 2 }""")));
    }

    // The YAML language server's modeline, first line of the file, naming the schema relative to the file.
    private static void AssertEditorLine(string path, string schemaFile)
    {
        const string Prefix = "# yaml-language-server: $schema=";
        var first = File.ReadLines(path).First();

        Assert.StartsWith(Prefix, first, StringComparison.Ordinal);
        var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, first[Prefix.Length..].Trim()));
        Assert.Equal(Path.Combine(SchemaFiles.Directory, schemaFile), target);
    }

    private static string[] ScenarioFiles()
    {
        var root = TestCatalog.Repository.ScenariosDirectory;
        return [.. Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("hardware/", StringComparison.Ordinal) && !f.StartsWith("engines/", StringComparison.Ordinal) && f != "regression/suite.yaml")
            .Where(f => !f.StartsWith("calibration/overlays/", StringComparison.Ordinal)) // calibration overlays, not scenarios (docs/calibration.md)
            .Where(f => !f.StartsWith("plans/", StringComparison.Ordinal)) // plan files (docs/planning.md), checked by ShippedPlanTests
            .Order(StringComparer.Ordinal)];
    }
}
