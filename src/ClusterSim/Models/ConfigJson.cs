using System.Globalization;
using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Models;

/// <summary>Typed reads from a config.json object that fail with a one-line <see cref="InputException"/>.</summary>
internal readonly struct ConfigJson
{
    private readonly JsonElement root;

    public ConfigJson(string file, JsonElement root)
    {
        File = file;
        this.root = root;
    }

    public string File { get; }

    public JsonElement Root => root;

    /// <summary>The value of the first key present and not null, with the key that held it.</summary>
    public bool TryFind(out string key, out JsonElement value, params ReadOnlySpan<string> keys)
    {
        foreach (var candidate in keys)
        {
            if (root.TryGetProperty(candidate, out var element) && element.ValueKind != JsonValueKind.Null)
            {
                key = candidate;
                value = element;
                return true;
            }
        }

        key = keys.Length > 0 ? keys[0] : string.Empty;
        value = default;
        return false;
    }

    public int RequiredInt(params ReadOnlySpan<string> keys)
    {
        if (!TryFind(out var key, out var value, keys))
        {
            throw Error(keys[0], $"missing required key (accepted names: {string.Join(", ", keys.ToArray())})");
        }

        return ToPositiveInt(key, value);
    }

    public int? OptionalInt(params ReadOnlySpan<string> keys)
    {
        if (!TryFind(out var key, out var value, keys))
        {
            return null;
        }

        return ToNonNegativeInt(key, value);
    }

    public bool OptionalBool(string key, bool fallback)
    {
        if (!TryFind(out _, out var value, key))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(key, $"expected true or false, found {Describe(value)}"),
        };
    }

    public string? OptionalString(params ReadOnlySpan<string> keys)
    {
        if (!TryFind(out var key, out var value, keys))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(key, $"expected a string, found {Describe(value)}");
        }

        return value.GetString();
    }

    public InputException Error(string keyPath, string problem) => new(File, keyPath, problem);

    public int ToPositiveInt(string key, JsonElement value)
    {
        var number = ToNonNegativeInt(key, value);
        if (number == 0)
        {
            throw Error(key, "must be a positive integer, found 0");
        }

        return number;
    }

    public int ToNonNegativeInt(string key, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Error(key, $"expected an integer, found {Describe(value)}");
        }

        if (!value.TryGetInt32(out var number) || number < 0)
        {
            throw Error(key, $"expected a non-negative integer below 2^31, found {value.GetRawText()}");
        }

        return number;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => string.Create(CultureInfo.InvariantCulture, $"the string \"{value.GetString()}\""),
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
