using System.Numerics;

namespace ClusterSim.Engine.Random;

/// <summary>
/// log(k!) for k = 0, 1, 2, …, shared by every stream in the process and grown on demand, so BTRS binomials look
/// their log-factorials up instead of evaluating the Stirling series (a logarithm each, four per rejection test).
/// </summary>
/// <remarks>
/// Entries are exactly what <see cref="RandomStream"/> computes (its 16 summed values, then the same Stirling
/// expression), so a lookup returns the bit-identical double and no draw changes. Growth copies into a new array
/// and publishes it whole: a reader on another thread sees either the old or the new complete table, and two
/// threads growing at once compute the same values, so no lock is needed. The table stops at
/// <see cref="MaxEntries"/> (8 MB); larger arguments fall back to the series.
/// </remarks>
internal static class LogFactorialTable
{
    /// <summary>The largest table kept: binomials with more trials than this use the series above it.</summary>
    internal const int MaxEntries = 1 << 20;

    private static double[] s_table = RandomStream.SmallLogFactorials;

    /// <summary>A table covering every k ≤ <paramref name="n"/> (or <see cref="MaxEntries"/> entries when n is larger).</summary>
    internal static double[] Covering(long n)
    {
        var table = Volatile.Read(ref s_table);
        if (n < table.Length || table.Length == MaxEntries)
        {
            return table;
        }

        // Powers of two: a run whose token counts creep up grows the table O(log n) times, not once per new maximum.
        var size = (int)Math.Min(MaxEntries, Math.Max(1024, (long)BitOperations.RoundUpToPowerOf2((ulong)(n + 1))));
        var grown = new double[size];
        table.CopyTo(grown, 0);
        for (var k = table.Length; k < size; k++)
        {
            grown[k] = RandomStream.StirlingLogFactorial(k);
        }

        Volatile.Write(ref s_table, grown);
        return grown;
    }
}
