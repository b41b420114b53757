using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling;

namespace ClusterSim.Tests.Schemas;

/// <summary>
/// The schemas know exactly the keys the readers accept: every <see cref="KeySet"/> the readers check keys against is
/// compared with its mapping in the schema, both ways, and every reader's strict-key check must use a KeySet.
/// </summary>
public sealed partial class SchemaKeyTests
{
    [Theory]
    [InlineData(typeof(ScenarioKeys), "scenario.schema.json")]
    [InlineData(typeof(AcceleratorSpecKeys), "hardware.schema.json")]
    [InlineData(typeof(ClusterSim.Planning.EngineProfileKeys), "engine.schema.json")]
    [InlineData(typeof(CalibrationOverlayKeys), "calibration.schema.json")]
    [InlineData(typeof(ClusterSim.DeploymentSearch.PlanKeys), "plan.schema.json")]
    public void Every_key_the_reader_accepts_is_in_the_schema_and_no_other(Type keys, string schemaFile)
    {
        var schema = SchemaFiles.Document(schemaFile);
        var sets = KeySetsOf(keys);
        var problems = new List<string>();
        foreach (var set in sets)
        {
            var node = set.SchemaName.Length == 0 ? schema : schema["$defs"]?[set.SchemaName]?.AsObject();
            if (node is null)
            {
                problems.Add($"$defs/{set.SchemaName}: missing from the schema (the reader accepts {string.Join(", ", set.Keys)})");
                continue;
            }

            var properties = node["properties"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(set.Keys.Except(properties).Select(k => $"{Where(set)}: the reader accepts '{k}', the schema does not list it"));
            problems.AddRange(properties.Except(set.Keys).Select(k => $"{Where(set)}: the schema lists '{k}', the reader refuses it"));
            if (node["additionalProperties"]?.GetValue<bool>() != false)
            {
                problems.Add($"{Where(set)}: the schema must refuse other keys (additionalProperties: false), as the reader does");
            }
        }

        // The other way: every closed mapping of the schema stands for a key list the reader uses.
        var named = sets.Select(s => s.SchemaName).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, definition) in schema["$defs"]!.AsObject())
        {
            if (definition?["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>() && !named.Contains(name))
            {
                problems.Add($"$defs/{name}: a closed mapping no reader key list names");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_key_lists_cover_every_mapping_of_both_files()
    {
        // A test that compares lists must have lists to compare: the shapes the readers read, at least.
        Assert.True(KeySetsOf(typeof(ScenarioKeys)).Count >= 30);
        Assert.Contains(KeySetsOf(typeof(AcceleratorSpecKeys)), s => s.SchemaName == "figure");
    }

    [Fact]
    public void Every_strict_key_check_in_the_source_uses_a_key_list()
    {
        // AllowOnly with keys written inline would escape the comparison above.
        var src = Path.Combine(Path.GetDirectoryName(TestCatalog.Repository.ScenariosDirectory)!, "src", "ClusterSim");
        var inline = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "YamlMap.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(".AllowOnly(", StringComparison.Ordinal) && !KeyListCall().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToArray();
        var checks = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Sum(f => File.ReadLines(f).Count(l => l.Contains(".AllowOnly(", StringComparison.Ordinal)));

        Assert.True(inline.Length == 0, "AllowOnly with keys not from a KeySet:\n" + string.Join("\n", inline));
        Assert.True(checks >= 30, $"only {checks} AllowOnly calls found under {src}");
    }

    [Fact]
    public void The_scheduler_names_in_the_schema_are_the_registered_ones()
    {
        var defs = SchemaFiles.Document("scenario.schema.json")["$defs"]!;
        var catalog = new SchedulerCatalog();

        Assert.Equal(catalog.PolicyNames, Enum(defs["scheduler"]!["properties"]!["policy"]!));
        Assert.Equal(catalog.RouterNames, Enum(defs["scheduler"]!["properties"]!["router"]!));
        Assert.Equal(catalog.AdmissionNames, Enum(defs["admission"]!["properties"]!["kind"]!));
    }

    [Fact]
    public void The_catalog_names_offered_for_completion_are_the_catalog_s()
    {
        var schema = SchemaFiles.Document("scenario.schema.json");
        var hardware = schema["properties"]!["hardware"]!["anyOf"]![0]!;
        var model = schema["$defs"]!["model"]!["properties"]!["config"]!["anyOf"]![0]!;

        Assert.Equal(HardwareCatalog.Of(TestCatalog.Repository).Names, Enum(hardware));
        Assert.Equal(new ClusterSim.Models.ModelCatalog(TestCatalog.Repository.ModelsDirectory).Names(), Enum(model));
    }

    [Theory]
    [InlineData("scenario.schema.json")]
    [InlineData("hardware.schema.json")]
    [InlineData("summary.schema.json")]
    [InlineData("plan.schema.json")]
    public void The_schemas_use_only_keywords_draft_7_editors_also_read(string schemaFile)
    {
        // YAML language servers validate with a draft-07 engine: they ignore keywords beside $ref and the 2019-09/2020-12
        // additions, so a schema relying on them would pass here and mislead an editor.
        var newer = new[] { "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$dynamicAnchor", "prefixItems", "dependentRequired", "dependentSchemas", "$anchor" };
        var problems = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject obj)
            {
                if (obj.ContainsKey("$ref") && obj.Count > 1)
                {
                    problems.Add($"{path}: keywords beside $ref (wrap the $ref in allOf)");
                }

                problems.AddRange(obj.Select(p => p.Key).Intersect(newer).Select(k => $"{path}: {k}"));
                foreach (var (key, child) in obj)
                {
                    Walk(child, path + "/" + key);
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], path + "/" + i);
                }
            }
        }

        Walk(SchemaFiles.Document(schemaFile), "#");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string[] Enum(JsonNode node) => [.. node["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static string Where(KeySet set) => set.SchemaName.Length == 0 ? "(top level)" : "$defs/" + set.SchemaName;

    private static List<KeySet> KeySetsOf(Type keys) =>
        [.. keys.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(KeySet)).Select(f => (KeySet)f.GetValue(null)!)];

    [GeneratedRegex(@"\.AllowOnly\(\w+Keys\.\w+\.Keys\)")]
    private static partial Regex KeyListCall();
}
