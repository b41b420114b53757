using System.Globalization;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Rendering;
using ClusterSim.Sweeps;

namespace ClusterSim.Cli.Sweep;

/// <summary>
/// <c>clustersim sweep merge DIR...</c>: joins the complete points of shard folders into one sweep.csv and its plots,
/// byte-identical to the sweep.csv of the same sweep run unsharded.
/// </summary>
public sealed class SweepMergeHandler(CliConsole console) : IVerbHandler<SweepMergeArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(SweepMergeArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        SweepFolders.Collected collected;
        try
        {
            collected = SweepFolders.Collect(arguments.Directories);
        }
        catch (SweepException e)
        {
            throw new UserErrorException(e.Message, e);
        }

        if (collected.MissingIndices.Count > 0)
        {
            var shown = string.Join(", ", collected.MissingIndices.Take(10).Select(i => i.ToString(CultureInfo.InvariantCulture)))
                + (collected.MissingIndices.Count > 10 ? ", ..." : string.Empty);
            throw new UserErrorException(string.Create(
                CultureInfo.InvariantCulture,
                $"sweep merge: {collected.MissingIndices.Count} of {collected.Rows.Count + collected.MissingIndices.Count} points have no complete folder (points {shown}); run their shards (or re-run the sweep into the same --out to resume) and merge again"));
        }

        var output = Path.GetFullPath(arguments.OutDirectory ?? arguments.Directories[0]);
        Directory.CreateDirectory(output);
        var manifestPath = Path.Combine(output, SweepManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            RunFolders.AtomicFile.Write(manifestPath, collected.Manifest.Write);
        }

        SweepOutputs.Write(output, collected.Manifest.Parameters, collected.Rows);
        SweepOutputs.Render(console.Out, $"{collected.Manifest.ScenarioName} sweep (merged from {arguments.Directories.Count} folders)", collected.Manifest.Parameters, collected.Rows);
        await console.Out.Profile.Out.Writer.WriteLineAsync($"sweep.csv: {Path.Combine(output, SweepTable.FileName)}");
        return ExitCodes.Success;
    }
}
