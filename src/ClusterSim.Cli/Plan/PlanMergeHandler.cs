using System.Globalization;
using System.Text.Json;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.DeploymentSearch;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Plan;

/// <summary>
/// <c>clustersim plan merge</c>: joins the results.json of a plan's shards (same plan file, same content, same
/// options, every candidate present once) and writes the whole plan folder, as one machine would have.
/// </summary>
public sealed class PlanMergeHandler(IOptions<RunsOptions> runs, CliConsole console) : IVerbHandler<PlanMergeArguments>
{
    /// <inheritdoc />
    public Task<int> HandleAsync(PlanMergeArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Directories.Count == 0)
        {
            throw new UserErrorException("plan merge: name at least one shard folder");
        }

        var shards = arguments.Directories.Select(Read).ToArray();
        var first = shards[0].Results;
        foreach (var (shardFolder, shard) in shards.Skip(1))
        {
            if (shard.PlanFile != first.PlanFile || shard.PlanSha256 != first.PlanSha256 || !shard.Settings.SequenceEqual(first.Settings)
                || shard.Objective != first.Objective || !shard.Gpus.SequenceEqual(first.Gpus) || shard.Top != first.Top || shard.ShardCount != first.ShardCount)
            {
                throw new UserErrorException($"{shardFolder}: belongs to a different plan than {shards[0].Folder} (plan file, its content, --set, --objective, --gpus, --top or shard count differ)");
            }
        }

        if (PlanResults.HashOf(first.PlanFile) != first.PlanSha256)
        {
            throw new UserErrorException($"{first.PlanFile}: the plan file changed since the shards ran; run them again");
        }

        var results = shards.SelectMany(s => s.Results.Results).GroupBy(r => r.Candidate.Index).Select(g => g.First()).OrderBy(r => r.Candidate.Index).ToArray();
        var plan = PlanReader.Load(first.PlanFile, first.Settings) with { Gpus = first.Gpus, Objective = first.Objective, Top = first.Top };
        var candidates = CandidateSpace.Enumerate(plan);
        var missing = candidates.Where(c => !results.Any(r => r.Candidate.Index == c.Index && r.Candidate.Id == c.Id)).Select(c => c.Index).ToArray();
        if (missing.Length > 0)
        {
            throw new UserErrorException(string.Create(
                CultureInfo.InvariantCulture,
                $"plan merge: {missing.Length} of {candidates.Count} candidates have no result (first: {string.Join(", ", missing.Take(5))}); merge every shard's folder"));
        }

        var folder = PlanFolder.Check(arguments.OutDirectory, plan.Name, arguments.Force, runs.Value.Directory);
        var record = first with { ShardIndex = 0, ShardCount = 1, Results = results };
        IReadOnlyList<string> winners = [];
        PlanFolder.Commit(folder, temporary => winners = PlanOutputs.Write(temporary, plan, record, new CandidateScenario(plan), whole: true));
        PlanView.Render(console.Out, plan, results, folder, winners);
        return Task.FromResult(ExitCodes.Success);
    }

    private static (string Folder, PlanResults Results) Read(string folder)
    {
        var path = Path.Combine(folder, PlanResults.FileName);
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{folder}: no {PlanResults.FileName}; not a folder written by clustersim plan");
        }

        try
        {
            return (folder, PlanResults.Parse(File.ReadAllText(path)));
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path}: not a plan results file: {e.Message}", e);
        }
    }
}
