using ClusterSim.Engine;

namespace ClusterSim.Units;

/// <summary>The one entry point for human units in files: sizes, rates, durations and ratios.</summary>
public static class UnitParser
{
    /// <summary>The accepted forms of a ratio, for error messages.</summary>
    public const string RatioForms = "a percentage such as \"91%\" or a plain fraction such as 0.91";

    /// <summary>Parses "141 GB" or "80 GiB".</summary>
    public static ByteSize ParseBytes(string text) => ByteSize.Parse(text);

    /// <summary>Parses "4.8 TB/s", "400 Gb/s" or "400 Gbps".</summary>
    public static Bandwidth ParseBandwidth(string text) => Bandwidth.Parse(text);

    /// <summary>Parses "989.5 TFLOPS" or "2.25 PFLOP/s".</summary>
    public static FlopRate ParseFlopRate(string text) => FlopRate.Parse(text);

    /// <summary>Parses "700 W" or "1.2 kW".</summary>
    public static ElectricPower ParsePower(string text) => ElectricPower.Parse(text);

    /// <summary>Parses "2 us", "1.5 ms" through <see cref="SimDuration.TryParse"/>, refusing with the accepted forms.</summary>
    public static SimDuration ParseDuration(string text) =>
        SimDuration.TryParse(text, out var duration, out _)
            ? duration
            : throw new UnitFormatException(text, "duration", "a number and one of " + SimDuration.AcceptedUnits);

    /// <summary>Parses "91%" as 0.91 or a plain number as itself; range checks belong to the caller.</summary>
    public static double ParseRatio(string text)
    {
        if (QuantityText.TrySplit(text, out var number, out var unit))
        {
            if (unit.Length == 0)
            {
                return number;
            }

            if (unit == "%")
            {
                return number / 100;
            }
        }

        throw new UnitFormatException(text, "ratio", RatioForms);
    }
}
