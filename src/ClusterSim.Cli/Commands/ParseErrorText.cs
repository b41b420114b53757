using System.Text.RegularExpressions;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// Parser messages in the user's words: a value that does not convert names what was expected ("a whole number"),
/// never a .NET type such as System.Nullable`1[System.UInt64].
/// </summary>
internal static partial class ParseErrorText
{
    /// <summary>The message with any .NET type name replaced by what a user would type.</summary>
    public static string Rewrite(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ConversionFailure().Replace(message, m => $"{m.Groups["option"].Value}: '{m.Groups["value"].Value}' is not {Expected(m.Groups["type"].Value)}");
    }

    private static string Expected(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } n ? n.Groups[1].Value : type;
        return inner switch
        {
            "System.Int32" => "a whole number",
            "System.Int64" => "a whole number",
            "System.UInt64" => $"a whole number from 0 to {ulong.MaxValue}",
            "System.Double" => "a number (a dot as the decimal separator)",
            "System.Boolean" => "true or false",
            "System.Int32[]" => "a list of whole numbers",
            _ => "a valid value",
        };
    }

    [GeneratedRegex(@"Cannot parse argument '(?<value>[^']*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'\.", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex NullableOf();
}
