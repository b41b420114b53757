using ClusterSim.Units;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Input;

/// <summary>
/// A YAML mapping read strictly: it knows its file and key path, refuses keys it was not told about (with the
/// nearest valid name), names missing keys, and reports bad values at their full key path.
/// </summary>
public sealed class YamlMap
{
    private readonly YamlMappingNode node;

    /// <summary>Wraps a mapping node found at <paramref name="keyPath"/> in <paramref name="file"/>.</summary>
    public YamlMap(string file, string keyPath, YamlMappingNode node)
    {
        File = file;
        KeyPath = keyPath;
        this.node = node;
    }

    /// <summary>The underlying YAML mapping (for applying overrides before reading).</summary>
    public YamlMappingNode Node => node;

    /// <summary>The file, as named in errors.</summary>
    public string File { get; }

    /// <summary>The dotted path of this mapping from the root; empty for the root.</summary>
    public string KeyPath { get; }

    /// <summary>The keys present, in file order.</summary>
    #pragma warning disable RS0030 // YamlDotNet keeps a mapping's children in file order
    public IEnumerable<string> Keys => node.Children.Keys.Select(ScalarText);
    #pragma warning restore RS0030

    /// <summary>Refuses any key not in <paramref name="allowedKeys"/>, suggesting the nearest valid name.</summary>
    /// <returns>This mapping, for chaining.</returns>
    public YamlMap AllowOnly(params string[] allowedKeys)
    {
        foreach (var key in Keys)
        {
            if (!allowedKeys.Contains(key, StringComparer.Ordinal))
            {
                var hint = NearestName.DidYouMean(key, allowedKeys);
                throw Error(key, $"unknown key '{key}';{hint} allowed keys: {string.Join(", ", allowedKeys)}");
            }
        }

        return this;
    }

    /// <summary>True when the key is present.</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>The dotted path of a child key ("hbm.bandwidth").</summary>
    public string PathOf(string key) => KeyPath.Length == 0 ? key : KeyPath + "." + key;

    /// <summary>An error at a child key, for a problem found by the caller.</summary>
    public InputException Error(string key, string problem) => new(File, PathOf(key), problem);

    /// <summary>An error at this mapping itself.</summary>
    public InputException Error(string problem) => new(File, KeyPath, problem);

    /// <summary>The scalar text at a required key.</summary>
    public string RequiredString(string key)
    {
        var value = Required(key);
        return value is YamlScalarNode scalar
            ? scalar.Value ?? string.Empty
            : throw Error(key, $"expected a single value, found {Describe(value)}");
    }

    /// <summary>The scalar text at an optional key, or null when absent.</summary>
    public string? OptionalString(string key) => Has(key) ? RequiredString(key) : null;

    /// <summary>The mapping at a required key.</summary>
    public YamlMap RequiredMap(string key)
    {
        var value = Required(key);
        return value is YamlMappingNode mapping
            ? new YamlMap(File, PathOf(key), mapping)
            : throw Error(key, $"expected a mapping of keys to values, found {Describe(value)}");
    }

    /// <summary>The mapping at an optional key, or null when absent.</summary>
    public YamlMap? OptionalMap(string key) => Has(key) ? RequiredMap(key) : null;

    /// <summary>
    /// Parses the scalar at a required key with a unit parser; a <see cref="FormatException"/> (including
    /// <see cref="UnitFormatException"/>) becomes an error naming the key path.
    /// </summary>
    public T Required<T>(string key, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var text = RequiredString(key);
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new InputException(File, PathOf(key), e.Message, e);
        }
    }

    /// <summary>A required whole number at least <paramref name="minimum"/>.</summary>
    public int RequiredInt(string key, int minimum = int.MinValue) => ParseInt(key, minimum, int.MaxValue);

    /// <summary>An optional whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>], or <paramref name="fallback"/> when absent.</summary>
    public int OptionalInt(string key, int fallback, int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        if (!Has(key))
        {
            return fallback;
        }

        return ParseInt(key, minimum, maximum);
    }

    /// <summary>An optional number in [<paramref name="minimum"/>, <paramref name="maximum"/>], or <paramref name="fallback"/> when absent.</summary>
    public double OptionalDouble(string key, double fallback, double minimum = double.MinValue, double maximum = double.MaxValue)
    {
        if (!Has(key))
        {
            return fallback;
        }

        var text = RequiredString(key);
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(key, $"'{text}' is not a number; allowed: {RangeText(minimum, maximum)}");
        }

        if (value < minimum || value > maximum)
        {
            throw Error(key, $"{text} is out of range; allowed: {RangeText(minimum, maximum)}");
        }

        return value;
    }

    /// <summary>An optional true/false, or <paramref name="fallback"/> when absent.</summary>
    public bool OptionalBool(string key, bool fallback)
    {
        if (!Has(key))
        {
            return fallback;
        }

        return RequiredString(key).Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw Error(key, $"'{other}' is not a boolean; allowed: true, false"),
        };
    }

    /// <summary>An optional choice among <paramref name="allowed"/> names, or <paramref name="fallback"/> when absent.</summary>
    public string OptionalChoice(string key, string fallback, params string[] allowed)
    {
        if (!Has(key))
        {
            return fallback;
        }

        var value = RequiredString(key).Trim();
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw Error(key, $"'{value}' is not allowed;{NearestName.DidYouMean(value, allowed)} allowed: {string.Join(", ", allowed)}");
        }

        return value;
    }

    /// <summary>The mappings of an optional list at <paramref name="key"/> ("faults[2]" in errors); empty when absent.</summary>
    public IReadOnlyList<YamlMap> OptionalListOfMaps(string key)
    {
        var value = Find(key);
        if (value is null)
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            throw Error(key, $"expected a list (items starting with '- '), found {Describe(value)}");
        }

        var maps = new List<YamlMap>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{PathOf(key)}[{i}]";
            maps.Add(sequence.Children[i] is YamlMappingNode item
                ? new YamlMap(File, path, item)
                : throw new InputException(File, path, $"expected a mapping of keys to values, found {Describe(sequence.Children[i])}"));
        }

        return maps;
    }

    /// <summary>True when the value at <paramref name="key"/> is a mapping (rather than a single value).</summary>
    public bool IsMap(string key) => Find(key) is YamlMappingNode;

    /// <summary>The node at a required key; a missing key is named with the keys this mapping has.</summary>
    public YamlNode Required(string key) =>
        Find(key) ?? throw Error(key, $"missing key '{key}'" + (KeyPath.Length == 0 ? string.Empty : $" under '{KeyPath}'"));

    private int ParseInt(string key, int minimum, int maximum)
    {
        var text = RequiredString(key);
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            var range = (minimum, maximum) switch
            {
                (int.MinValue, int.MaxValue) => string.Empty,
                (_, int.MaxValue) => $" of at least {minimum}",
                _ => $" from {minimum} to {maximum}",
            };
            throw Error(key, $"'{text}' is not a whole number; allowed: a whole number{range}");
        }

        if (value < minimum)
        {
            throw Error(key, $"{value} is too small; the least allowed is {minimum}");
        }

        return value <= maximum ? value : throw Error(key, $"{value} is too large; the most allowed is {maximum}");
    }

    // Open ends are left out so a message never shows double.MaxValue.
    private static string RangeText(double minimum, double maximum)
    {
        static string F(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (minimum == double.MinValue, maximum == double.MaxValue) switch
        {
            (true, true) => "any finite number",
            (false, true) => $"a number of at least {F(minimum)}",
            (true, false) => $"a number of at most {F(maximum)}",
            _ => $"{F(minimum)} to {F(maximum)}",
        };
    }

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in node.Children)
        {
            if (ScalarText(k) == key)
            {
                return v;
            }
        }

        return null;
    }

    private static string ScalarText(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? string.Empty : key.ToString();

    private static string Describe(YamlNode value) => value switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "a single value",
    };
}
