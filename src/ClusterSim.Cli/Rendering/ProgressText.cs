using System.Globalization;

namespace ClusterSim.Cli.Rendering;

/// <summary>
/// The words of progress: a short label for the bar (fits 80 columns next to it) and a plain heartbeat line for
/// logs, with an ETA from the wall-clock rate so far. Counting to the end of the arrivals window, not to the drain
/// limit, is what makes a finished run reach 100 %; after the window the run says it is draining.
/// </summary>
public static class ProgressText
{
    private const int TitleWidth = 20;

    /// <summary>Share done, from 0 to 1 (1 while draining).</summary>
    public static double Fraction(in RunProgress value) =>
        value.Draining ? 1 : value.TargetSeconds > 0 ? Math.Clamp(value.SimulatedSeconds / value.TargetSeconds, 0, 1) : 0;

    /// <summary>Wall seconds left at the rate so far; null while unknown or draining (a drain's length is not known ahead).</summary>
    public static double? EtaSeconds(in RunProgress value, double elapsedSeconds)
    {
        var fraction = Fraction(value);
        if (value.Draining || fraction <= 0 || elapsedSeconds <= 0)
        {
            return null;
        }

        return elapsedSeconds * (1 - fraction) / fraction;
    }

    /// <summary>The label beside the bar, e.g. "default 42/180 s ETA 30 s", at most about 40 characters.</summary>
    public static string Label(string title, in RunProgress value, double elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(title);
        var name = title.Length > TitleWidth ? string.Concat(title.AsSpan(0, TitleWidth - 1), "…") : title;
        if (value.Draining)
        {
            return Invariant($"{name} draining {value.SimulatedSeconds:F0} s");
        }

        var eta = EtaSeconds(value, elapsedSeconds);
        return Invariant($"{name} {value.SimulatedSeconds:F0}/{value.TargetSeconds:F0} s") + (eta is { } s ? " ETA " + Duration(s) : "");
    }

    /// <summary>A heartbeat line for a log, e.g. "simulated 42.0 of 180 s, 12,345 events, ETA 30 s".</summary>
    public static string Heartbeat(in RunProgress value, double elapsedSeconds)
    {
        if (value.Draining)
        {
            return Invariant($"simulated {value.SimulatedSeconds:F1} s, arrivals ended at {value.TargetSeconds:F0} s, draining; {value.Events:N0} events");
        }

        var eta = EtaSeconds(value, elapsedSeconds);
        return Invariant($"simulated {value.SimulatedSeconds:F1} of {value.TargetSeconds:F0} s, {value.Events:N0} events")
            + (eta is { } s ? ", ETA " + Duration(s) : "");
    }

    private static string Duration(double seconds) => seconds < 90
        ? Invariant($"{Math.Ceiling(seconds):F0} s")
        : Invariant($"{Math.Ceiling(seconds / 60):F0} min");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
