using System.Globalization;

namespace ClusterSim.Units;

/// <summary>Splits "4.8 TB/s" into its number and its unit; the one place numbers in unit text are read.</summary>
internal static class QuantityText
{
    /// <summary>
    /// Splits text into a finite invariant-culture number and the trimmed unit after it. False when the text
    /// does not start with a number.
    /// </summary>
    public static bool TrySplit(string? text, out double number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        var s = (text ?? string.Empty).Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] is '.' or '-' or '+' or 'e' or 'E'))
        {
            // 'e' is an exponent only when a digit or sign follows, so "5e-3 s" splits but "1 EFLOPS" does too.
            if (s[split] is 'e' or 'E'
                && (split == 0 || split + 1 >= s.Length || !(char.IsAsciiDigit(s[split + 1]) || s[split + 1] is '-' or '+')))
            {
                break;
            }

            split++;
        }

        if (!double.TryParse(s.AsSpan(0, split), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            || !double.IsFinite(number))
        {
            number = 0;
            return false;
        }

        unit = s[split..].Trim();
        return true;
    }

    /// <summary>Formats a value with up to three decimals in invariant culture ("4.8", "989.5").</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
