using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ClusterSim.Cli.Hosting;

/// <summary>
/// Wall-clock marks of one invocation's phases (arguments parsed, host built, scenario planned, simulated, report
/// drawn), so that where a short run's time goes can be read from its log.clef at Debug level without a profiler.
/// </summary>
/// <remarks>Starts when the invocation's <see cref="CliEnvironment"/> is created, i.e. at the top of Main.</remarks>
public sealed class PhaseClock
{
    private readonly long origin = Stopwatch.GetTimestamp();
    private readonly List<(string Phase, long At)> marks = [];

    /// <summary>Records that <paramref name="phase"/> ended now.</summary>
    public void Mark(string phase)
    {
        var at = Stopwatch.GetTimestamp();
        lock (marks)
        {
            marks.Add((phase, at));
        }
    }

    /// <summary>Each phase with the milliseconds it took: "parse 40 ms, host 81 ms, ...".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var previous = origin;
        lock (marks)
        {
            foreach (var (phase, at) in marks)
            {
                text.Append(text.Length == 0 ? string.Empty : ", ").Append(phase).Append(' ')
                    .Append(Stopwatch.GetElapsedTime(previous, at).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)).Append(" ms");
                previous = at;
            }
        }

        return text.ToString();
    }
}
