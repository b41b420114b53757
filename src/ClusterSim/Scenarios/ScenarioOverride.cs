using YamlDotNet.RepresentationModel;
using ClusterSim.Input;

namespace ClusterSim.Scenarios;

/// <summary>
/// One command-line override, <c>--set deployment.decode.experts.ep=64</c>: a dotted key path and a scalar value,
/// applied to the scenario's YAML tree before it is read, so overridden values get the same checks as the file's.
/// </summary>
public sealed record ScenarioOverride(string KeyPath, string Value)
{
    /// <summary>Where errors about overrides point.</summary>
    public const string Origin = "--set";

    /// <summary>Parses "key.path=value"; throws <see cref="InputException"/> naming the accepted form.</summary>
    public static ScenarioOverride Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
        {
            throw new InputException(Origin, text, "expected key.path=value, for example --set deployment.decode.experts.ep=64");
        }

        var path = text[..eq].Trim();
        if (path.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            throw new InputException(Origin, text, "the key path has an empty part; expected key.path=value");
        }

        return new ScenarioOverride(path, text[(eq + 1)..].Trim());
    }

    /// <summary>Sets the value in <paramref name="root"/>, creating intermediate mappings that do not exist yet.</summary>
    public void ApplyTo(YamlMappingNode root, string file)
    {
        var parts = KeyPath.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var key = new YamlScalarNode(parts[i]);
            if (!node.Children.TryGetValue(key, out var child))
            {
                child = new YamlMappingNode();
                node.Children[key] = child;
            }

            if (child is YamlScalarNode scalar && i == 0 && parts[0] is "model" or "hardware")
            {
                // "model: deepseek-v3" is shorthand for a mapping; expand it so nested keys can be set.
                var expanded = new YamlMappingNode { { parts[0] == "model" ? "config" : "name", scalar.Value ?? string.Empty } };
                node.Children[key] = expanded;
                child = expanded;
            }

            node = child as YamlMappingNode
                ?? throw new InputException(file, string.Join('.', parts[..(i + 1)]), $"--set {KeyPath}: '{parts[i]}' holds a single value, not a mapping, so it has no key '{parts[i + 1]}'");
        }

        node.Children[new YamlScalarNode(parts[^1])] = new YamlScalarNode(Value);
    }
}
