using System.Diagnostics;
using Spectre.Console;

namespace ClusterSim.Cli.Rendering;

/// <summary>
/// Runs work that reports <see cref="RunProgress"/>: a progress bar with an ETA on stderr when it is an interactive
/// terminal; otherwise a plain heartbeat line on stderr every <see cref="HeartbeatInterval"/>, so a CI log shows that
/// a long run is alive, while short runs (and tests) write nothing.
/// </summary>
public sealed class ProgressDisplay(CliConsole console)
{
    /// <summary>Wall time between two heartbeat lines when stderr is not a terminal.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="work"/>, showing <paramref name="title"/> and its progress when allowed.</summary>
    public async Task<T> RunAsync<T>(string title, Func<IProgress<RunProgress>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!console.ShowsProgress)
        {
            return await work(console.ShowsHeartbeat ? new Heartbeat(console.Error, HeartbeatInterval) : NoProgress.Instance);
        }

        return await console.Error.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = 20 }, new PercentageColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                var result = await work(new TaskReporter(task, title));
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class NoProgress : IProgress<RunProgress>
    {
        public static readonly NoProgress Instance = new();

        public void Report(RunProgress value)
        {
        }
    }

    // Wall-clock rate is a display concern of the tool; the simulation itself never reads a clock.
    private sealed class TaskReporter(ProgressTask task, string title) : IProgress<RunProgress>
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();

        public void Report(RunProgress value)
        {
            task.Value = ProgressText.Fraction(value);
            task.Description = Markup.Escape(ProgressText.Label(title, value, watch.Elapsed.TotalSeconds));
        }
    }

    /// <summary>Plain lines for logs: no cursor movement, one line per interval at most.</summary>
    internal sealed class Heartbeat(IAnsiConsole error, TimeSpan interval) : IProgress<RunProgress>
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private TimeSpan last = -interval;

        public void Report(RunProgress value)
        {
            var elapsed = watch.Elapsed;
            if (elapsed - last < interval || elapsed < interval)
            {
                return;
            }

            last = elapsed;
            error.WriteLine(ProgressText.Heartbeat(value, elapsed.TotalSeconds), Style.Plain);
        }
    }
}
