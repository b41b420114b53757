namespace ClusterSim.Units;

/// <summary>Chooses a decimal SI prefix for display ("4.8 TB/s", "989.5 TFLOP/s").</summary>
internal static class DecimalPrefix
{
    private static readonly (double Scale, string Prefix)[] Prefixes =
    [
        (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"),
    ];

    /// <summary>Formats a value in the largest prefix that keeps the number at least 1, then the unit.</summary>
    public static string Format(double value, string unit)
    {
        var abs = Math.Abs(value);
        foreach (var (scale, prefix) in Prefixes)
        {
            if (abs >= scale)
            {
                return QuantityText.Number(value / scale) + " " + prefix + unit;
            }
        }

        return QuantityText.Number(value) + " " + unit;
    }
}
