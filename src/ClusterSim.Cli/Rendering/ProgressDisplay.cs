using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace ClusterSim.Cli.Rendering;

/// <summary>
/// Runs work that reports <see cref="RunProgress"/>, drawing a progress bar on stderr only when it is an
/// interactive terminal; otherwise the reports are dropped so redirected output stays clean.
/// </summary>
public sealed class ProgressDisplay(CliConsole console)
{
    /// <summary>Runs <paramref name="work"/>, showing <paramref name="title"/> and its progress when allowed.</summary>
    public async Task<T> RunAsync<T>(string title, Func<IProgress<RunProgress>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!console.ShowsProgress)
        {
            return await work(NoProgress.Instance);
        }

        return await console.Error.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                var reporter = new TaskReporter(task, Markup.Escape(title));
                var result = await work(reporter);
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
            var elapsedSeconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-3);
            var eventsPerSecond = value.Events / elapsedSeconds;
            task.Value = value.EndSeconds > 0 ? Math.Clamp(value.SimulatedSeconds / value.EndSeconds, 0, 1) : 0;
            task.Description = string.Create(
                CultureInfo.InvariantCulture,
                $"{title} {value.SimulatedSeconds:F1}/{value.EndSeconds:F1} s simulated, {eventsPerSecond:N0} events/s");
        }
    }
}
