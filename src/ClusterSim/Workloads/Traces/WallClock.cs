namespace ClusterSim.Workloads.Traces;

/// <summary>
/// Parses trace wall-clock timestamps by hand: <c>yyyy-MM-dd HH:mm:ss</c> (or a 'T'), up to nine fraction
/// digits, and an optional <c>Z</c> or <c>±hh:mm</c> offset. Hand parsing is several times faster than
/// DateTimeOffset.ParseExact on multi-million-row files and gives nanoseconds, not 100 ns ticks.
/// </summary>
internal static class WallClock
{
    private const long NanosecondsPerSecond = 1_000_000_000;
    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>Nanoseconds since 1970-01-01 UTC; false unless the whole text is one valid timestamp.</summary>
    public static bool TryParseUnixNanoseconds(ReadOnlySpan<char> text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text[5..7], out var month) || !TryDigits(text[8..10], out var day)
            || !TryDigits(text[11..13], out var hour) || !TryDigits(text[14..16], out var minute) || !TryDigits(text[17..19], out var second))
        {
            return false;
        }

        // 2262 is where nanoseconds since 1970 leave a long.
        if (year is < 1970 or > 2261 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = text[19..];
        long fraction = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 0;
            rest = rest[1..];
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 9)
            {
                return false;
            }

            for (var i = 0; i < 9; i++)
            {
                fraction = fraction * 10 + (i < digits ? rest[i] - '0' : 0);
            }

            rest = rest[digits..];
        }

        long offsetSeconds = 0;
        if (rest.Length == 1 && rest[0] is 'Z' or 'z')
        {
            rest = [];
        }
        else if (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':')
        {
            if (!TryDigits(rest[1..3], out var offsetHours) || !TryDigits(rest[4..6], out var offsetMinutes) || offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }

            offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * (rest[0] == '-' ? -1 : 1);
            rest = [];
        }

        if (rest.Length != 0)
        {
            return false;
        }

        var days = new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber;
        var seconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        nanoseconds = seconds * NanosecondsPerSecond + fraction;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
