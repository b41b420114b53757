namespace ClusterSim.Units;

/// <summary>An electric power in watts ("700 W", "1.2 kW").</summary>
/// <remarks>Accepts W, kW or MW after the number, with that letter case only (mW would be milliwatts, never meant here).</remarks>
public readonly record struct ElectricPower(double Watts)
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms = "a number and one of W, kW, MW, for example \"700 W\" or \"1.2 kW\"";

    /// <summary>Parses "700 W"; throws <see cref="UnitFormatException"/> naming the accepted forms.</summary>
    public static ElectricPower Parse(string text) =>
        TryParse(text, out var power) ? power : throw new UnitFormatException(text, "power", AcceptedForms);

    /// <summary>Parses a power; false when the text is not one of <see cref="AcceptedForms"/>.</summary>
    public static bool TryParse(string? text, out ElectricPower power)
    {
        power = default;
        if (!QuantityText.TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        double? scale = unit switch
        {
            "W" => 1,
            "kW" => 1e3,
            "MW" => 1e6,
            _ => null,
        };
        if (scale is null)
        {
            return false;
        }

        power = new ElectricPower(number * scale.Value);
        return true;
    }

    /// <summary>Formats in the largest decimal prefix ("700 W", "1.2 kW").</summary>
    public override string ToString() => DecimalPrefix.Format(Watts, "W");
}
