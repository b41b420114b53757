using System.Globalization;
using System.Security.Cryptography;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.Cli.Run;
using ClusterSim.RunFolders;
using ClusterSim.Sweeps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Sweep;

/// <summary>
/// <c>clustersim sweep</c>: runs this shard's points of the cross product in parallel, each into its own folder
/// (skipping complete ones, so a resumed sweep repeats no work), then writes sweep.csv and the plots once every point
/// of the sweep is complete in the folder.
/// </summary>
public sealed class SweepHandler(
    IOptions<RunsOptions> runs,
    IOptions<CatalogOptions> catalog,
    Logging.RunLogSink runLogs,
    ILoggerFactory loggers,
    CliConsole console,
    TimeProvider clock) : IVerbHandler<SweepArguments>
{
    private readonly PointRunner runner = new(runLogs, loggers);
    private readonly SweepProgress progress = new(console);

    /// <inheritdoc />
    public async Task<int> HandleAsync(SweepArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var logger = loggers.CreateLogger("ClusterSim.Sweep");
        var folders = catalog.Value.Open();
        var path = ScenarioArguments.ResolvePath(arguments.Scenario, folders);
        var parameters = arguments.Axes.Select(a => new SweepParameter(a.KeyPath, a.Values)).ToArray();
        SweepPlan plan;
        SweepShard shard;
        try
        {
            plan = SweepPlan.Create(parameters);
            shard = SweepShard.Resolve(
                arguments.ShardIndexGiven ? arguments.ShardIndex : null,
                arguments.ShardIndexGiven || arguments.ShardCount > 1 ? arguments.ShardCount : null,
                Environment.GetEnvironmentVariable);
        }
        catch (SweepException e)
        {
            throw new UserErrorException(e.Message, e);
        }

        // The base scenario must load on its own before anything is created.
        var baseScenario = ScenarioArguments.Load(path, []);
        var manifest = new SweepManifest(baseScenario.Name, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), parameters, []);
        var folder = arguments.OutDirectory is null
            ? Path.Combine(Path.GetFullPath(runs.Value.Directory), baseScenario.Name + "-sweep-" + clock.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))
            : Path.GetFullPath(arguments.OutDirectory);

        // Every point of this shard loads and resolves before the folder is touched: a bad value fails in one line.
        var mine = shard.Select(plan);
        var calibration = CliOptions.ReadCalibration(arguments.Calibration);
        var prepared = mine.Select(p => PointRunner.Prepare(path, p, folder, folders, calibration)).ToArray();
        foreach (var point in prepared)
        {
            ScenarioArguments.CheckSize(point.Plan, runs.Value.Limits, arguments.AllowLarge, telemetry: false);
        }

        OpenFolder(folder, arguments.OutDirectory ?? folder, manifest);
        var pending = prepared.Where(p => !Sweeps.SweepRow.IsComplete(p.Folder)).ToArray();
        var parallel = arguments.Parallel > 0 ? arguments.Parallel : Environment.ProcessorCount;
        logger.LogInformation(
            "Sweep of {Scenario}: {Points} points, shard {Index}/{Count} runs {Mine} ({Pending} to do), {Parallel} at once, into {Folder}",
            baseScenario.Name, plan.Points.Count, shard.Index, shard.Count, mine.Count, pending.Length, parallel, folder);

        var wall = System.Diagnostics.Stopwatch.StartNew();
        var ran = 0;
        await progress.RunAsync($"sweep {baseScenario.Name}", pending.Length, async reporterFor =>
        {
            // Longest first (simulated time × accelerators, a proxy for events): with the heaviest points last, one core
            // would finish them alone. Results do not depend on the order; sweep.csv is sorted by point index.
            var slots = pending
                .OrderByDescending(p => p.Plan.Scenario.Simulation.Duration.TotalSeconds * p.Plan.Scenario.Deployment.Accelerators)
                .ThenBy(p => p.Manifest.Point.Index)
                .Select((p, i) => (Point: p, Slot: i));
            await Parallel.ForEachAsync(
                slots,
                new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    var reporter = reporterFor(item.Slot);
                    if (await runner.RunAsync(item.Point, reporter, ct))
                    {
                        Interlocked.Increment(ref ran);
                    }

                    reporter.Report(new Runs.SimulationProgress(1, 1, 0));
                });
        });
        wall.Stop();
        logger.LogInformation("Sweep ran {Ran} points in {Wall:0.##} s wall", ran, wall.Elapsed.TotalSeconds);

        var collected = SweepFolders.Collect([folder]);
        if (collected.MissingIndices.Count > 0)
        {
            await console.Out.Profile.Out.Writer.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"shard {shard.Index}/{shard.Count}: ran {ran} of {mine.Count} points in {wall.Elapsed.TotalSeconds:0.#} s; {collected.MissingIndices.Count} of the sweep's {plan.Points.Count} points are in other shards or not done yet. When every shard has finished: clustersim sweep merge {folder} [other shard folders]"));
            return ExitCodes.Success;
        }

        SweepOutputs.Write(folder, parameters, collected.Rows);
        SweepOutputs.Render(console.Out, $"{baseScenario.Name} sweep ({ran} run, {plan.Points.Count - ran} reused, {wall.Elapsed.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s wall)", parameters, collected.Rows);
        await console.Out.Profile.Out.Writer.WriteLineAsync($"sweep folder: {folder}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Creates the sweep folder or reopens one written by the same sweep (resume); refuses a non-empty folder that
    /// holds something else, so a mistyped --out never mixes sweeps.
    /// </summary>
    private static void OpenFolder(string folder, string shown, SweepManifest manifest)
    {
        if (File.Exists(folder))
        {
            throw new UserErrorException($"{shown}: --out names a file; give a folder path");
        }

        var manifestPath = Path.Combine(folder, SweepManifest.FileName);
        if (File.Exists(manifestPath))
        {
            SweepManifest existing;
            try
            {
                existing = SweepManifest.Read(manifestPath);
            }
            catch (SweepException e)
            {
                throw new UserErrorException(e.Message, e);
            }

            if (!existing.SameSweepAs(manifest))
            {
                throw new UserErrorException(
                    $"{shown}: holds a different sweep (scenario file or swept values differ from its {SweepManifest.FileName}); choose another --out");
            }

            return;
        }

        // Shards sharing a folder may see each other's sweep.json being written or their first points.
        static bool OursInProgress(string entry)
        {
            var name = Path.GetFileName(entry);
            return name.StartsWith(SweepManifest.FileName + ".tmp-", StringComparison.Ordinal) || name.StartsWith(SweepPoint.FolderPrefix, StringComparison.Ordinal);
        }

        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).All(OursInProgress))
        {
            throw new UserErrorException($"{shown}: the folder exists, is not empty and has no {SweepManifest.FileName}; choose another --out");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"{shown}: cannot create the sweep folder: {e.Message}", e);
        }

        AtomicFile.Write(manifestPath, manifest.Write);
    }
}
