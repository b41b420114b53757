namespace ClusterSim.Telemetry;

/// <summary>
/// The rounding of the tables' fixed-decimal columns, shared by the CSV text and the values kept elsewhere (report.html,
/// Parquet), so every output of a run carries the same numbers.
/// </summary>
internal static class TableDecimals
{
    /// <summary>Powers of ten up to 10^9, the scales of the fixed-decimal columns.</summary>
    public static readonly long[] Pow10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    /// <summary>
    /// The value that timeseries.csv's text for <paramref name="value"/> at <paramref name="decimals"/> places parses
    /// back to: a whole number of units over a power of ten is exact on both sides of the division, so the quotient is
    /// the double nearest the written decimal, as parsing gives.
    /// </summary>
    public static double AsWritten(double value, int decimals)
    {
        var scale = Pow10[decimals];
        var scaled = Math.Round(Math.Abs(value) * scale, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(value) || scaled >= 9e15)
        {
            return value; // written with "R", which round-trips
        }

        var units = (long)scaled;
        var magnitude = (double)units / scale;
        return value < 0 && units != 0 ? -magnitude : magnitude;
    }
}
