using System.Globalization;
using ClusterSim.Cli.Rendering;
using ClusterSim.Runs;
using Spectre.Console;

namespace ClusterSim.Cli.Sweep;

/// <summary>
/// One progress bar for a whole sweep on stderr (interactive terminals only): the sum of the running points'
/// simulated fractions plus the finished points, over the points this shard runs.
/// </summary>
public sealed class SweepProgress(CliConsole console)
{
    /// <summary>Runs <paramref name="work"/>, which receives a reporter factory: one reporter per point slot.</summary>
    public async Task RunAsync(string title, int points, Func<Func<int, IProgress<SimulationProgress>>, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!console.ShowsProgress || points == 0)
        {
            await work(_ => Silent.Instance);
            return;
        }

        await console.Error.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: points);
                var fractions = new double[points];
                var gate = new object();
                IProgress<SimulationProgress> For(int slot) => new Reporter(value =>
                {
                    lock (gate)
                    {
                        fractions[slot] = value;
                        task.Value = fractions.Sum();
                        var done = fractions.Count(f => f >= 1);
                        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title}: {done}/{points} points"));
                    }
                });
                await work(For);
                task.Value = task.MaxValue;
            });
    }

    private sealed class Silent : IProgress<SimulationProgress>
    {
        public static readonly Silent Instance = new();

        public void Report(SimulationProgress value)
        {
        }
    }

    private sealed class Reporter(Action<double> report) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) =>
            report(value.EndSeconds > 0 ? Math.Clamp(value.SimulatedSeconds / value.EndSeconds, 0, 1) : 1);
    }
}
