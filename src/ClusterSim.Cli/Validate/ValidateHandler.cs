using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.Cli.Run;
using ClusterSim.Workloads;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace ClusterSim.Cli.Validate;

/// <summary>
/// <c>clustersim validate</c>: reads the scenario with its --set overrides, resolves model, hardware, fabric and every
/// pool's memory plan, opens the workload far enough to read its first request, and prints the plan. Nothing is
/// simulated and nothing is written; any user error surfaces as one line and exit code 2 through the dispatcher.
/// </summary>
public sealed class ValidateHandler(IOptions<CatalogOptions> catalog, IOptions<RunsOptions> runs, CliConsole console) : IVerbHandler<ValidateArguments>
{
    /// <inheritdoc />
    public Task<int> HandleAsync(ValidateArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var folders = catalog.Value.Open();
        var path = ScenarioArguments.ResolvePath(arguments.Scenario, folders);
        var plan = ScenarioArguments.Plan(path, arguments.Settings, folders);
        cancellationToken.ThrowIfCancellationRequested();
        CheckWorkloadOpens(plan.Scenario);
        ValidatePlanView.Render(console.Out, path, plan);
        var estimate = Planning.OutputEstimate.For(plan);
        console.Out.WriteLine("estimate: " + estimate.Describe());
        if (estimate.Refusal(plan.Scenario, runs.Value.Limits) is { } refusal)
        {
            // validate only reports: the same line is what run would refuse with.
            console.Out.WriteLine("warning: run would refuse without --allow-large: " + refusal.Message);
        }

        foreach (var warning in Planning.KvFitCheck.Warnings(plan))
        {
            console.Out.WriteLine("warning: " + warning);
        }

        return Task.FromResult(ExitCodes.Success);
    }

    // A trace or empirical-lengths file is only opened by the run; reading one request here surfaces a missing,
    // empty or malformed file now, with the same one-line error the run would give.
    private static void CheckWorkloadOpens(Scenarios.Scenario scenario)
    {
        using var source = RequestSources.Open(scenario.Workload, scenario.Seed, scenario.WorkloadBaseDirectory);
        source.TryNext(out _);
    }
}
