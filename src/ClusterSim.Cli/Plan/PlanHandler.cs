using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.DeploymentSearch;
using ClusterSim.Input;
using ClusterSim.Sweeps;
using Spectre.Console;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Plan;

/// <summary>
/// <c>clustersim plan</c>: reads the plan file, checks the plan folder, prunes and measures the shard's candidates
/// in parallel, and writes the plan folder (docs/planning.md).
/// </summary>
public sealed class PlanHandler(IOptions<CatalogOptions> catalog, IOptions<RunsOptions> runs, ILoggerFactory loggers, CliConsole console) : IVerbHandler<PlanArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(PlanArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var logger = loggers.CreateLogger("ClusterSim.Plan");
        var folders = catalog.Value.Open();
        var path = ResolvePath(arguments.Plan, folders);
        var settings = arguments.Settings.Select(s => new KeyValuePair<string, string>(s.KeyPath, s.Value)).ToArray();
        var plan = PlanReader.WithOptions(PlanReader.Load(path, settings), arguments.Gpus, arguments.Objective, arguments.Top);
        SweepShard shard;
        try
        {
            shard = SweepShard.Resolve(
                arguments.ShardIndexGiven ? arguments.ShardIndex : null,
                arguments.ShardIndexGiven || arguments.ShardCount > 1 ? arguments.ShardCount : null,
                Environment.GetEnvironmentVariable);
        }
        catch (SweepException e)
        {
            throw new UserErrorException(e.Message.Replace("sweep:", "plan:", StringComparison.Ordinal), e);
        }

        var folder = PlanFolder.Check(arguments.OutDirectory, plan.Name, arguments.Force, runs.Value.Directory);
        var candidates = CandidateSpace.Count(plan);
        var jobs = arguments.Jobs > 0 ? arguments.Jobs : Environment.ProcessorCount;
        logger.LogInformation("Plan {Plan}: {Candidates} candidates, shard {Index} of {Count}, {Jobs} at once", plan.Name, candidates, shard.Index, shard.Count, jobs);
        var results = await Task.Run(() => PlanSearch.Run(plan, folders, shard, jobs, logger, !arguments.DryRun, null, cancellationToken), CancellationToken.None);
        var record = new PlanResults(Path.GetFullPath(path), PlanResults.HashOf(path), settings, shard.Index, shard.Count, candidates, results, plan.Objective, plan.Gpus, plan.Top);
        var whole = shard.Count == 1;
        IReadOnlyList<string> winners = [];
        PlanFolder.Commit(folder, temporary => winners = PlanOutputs.Write(temporary, plan, record, new CandidateScenario(plan), whole));
        if (whole)
        {
            PlanView.Render(console.Out, plan, results, folder, winners);
        }
        else
        {
            console.Out.WriteLine($"Plan {plan.Name}, shard {shard.Index} of {shard.Count}: {PlanOutputs.Counts(results)}; join the shards with clustersim plan merge. Folder: {folder}");
        }

        return ExitCodes.Success;
    }

    /// <summary>A plan file, or a name under the catalog's plans/ folder.</summary>
    /// <exception cref="InputException">Neither.</exception>
    public static string ResolvePath(string plan, Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (File.Exists(plan))
        {
            return plan;
        }

        return catalog.FindScenario(Path.Combine("plans", plan)) ?? catalog.FindScenario(plan)
            ?? throw new InputException(plan, string.Empty, $"no such plan file, and no plan of that name in {Path.Combine(catalog.ScenariosDirectory, "plans")}");
    }
}
