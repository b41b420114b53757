namespace ClusterSim.Units;

/// <summary>
/// Text that is not a valid quantity of the expected kind. The message says what is wrong and lists the
/// accepted forms, so callers that know the file and key path can wrap it without rewording.
/// </summary>
public sealed class UnitFormatException : FormatException
{
    /// <summary>Creates the error for the offending text, the quantity expected and the accepted forms.</summary>
    public UnitFormatException(string text, string quantity, string acceptedForms)
        : base($"'{text}' is not {Article(quantity)} {quantity}; accepted forms: {acceptedForms}")
    {
        Text = text;
        Quantity = quantity;
        AcceptedForms = acceptedForms;
    }

    /// <summary>The text that was refused, as given.</summary>
    public string Text { get; }

    /// <summary>The kind of quantity that was expected ("bandwidth").</summary>
    public string Quantity { get; }

    /// <summary>The accepted forms, for messages.</summary>
    public string AcceptedForms { get; }

    private static string Article(string noun) =>
        noun.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(noun[0]), StringComparison.Ordinal) ? "an" : "a";
}
