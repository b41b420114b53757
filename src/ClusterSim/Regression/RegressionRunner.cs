using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.RunFolders;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Regression;

/// <summary>What one in-process run produced, in the forms the regression suite compares.</summary>
/// <param name="BaselineJson">summary.json without its <c>simulation</c> block (wall-clock measurements): the golden form.</param>
/// <param name="RequestsCsv">requests.csv text.</param>
public sealed record CaseOutput(string BaselineJson, string RequestsCsv);

/// <summary>Runs regression cases in-process with <see cref="ScenarioRunner"/> and produces their golden summaries.</summary>
public static class RegressionRunner
{
    /// <summary>Loads a case's scenario with its policy in place of the file's scheduler.policy.</summary>
    public static Scenario LoadScenario(RegressionCase regressionCase)
    {
        ArgumentNullException.ThrowIfNull(regressionCase);
        return ScenarioReader.Load(regressionCase.ScenarioPath, [new ScenarioOverride("scheduler.policy", regressionCase.Policy)]);
    }

    /// <summary>Runs a case, resolving its names in <paramref name="catalog"/>.</summary>
    public static CaseOutput Run(RegressionCase regressionCase, Catalog catalog) => Run(LoadScenario(regressionCase), catalog);

    /// <summary>
    /// Runs a scenario resolved against <paramref name="catalog"/>, taking policies from <paramref name="schedulers"/>
    /// (the built-in ones when null).
    /// </summary>
    public static CaseOutput Run(Scenario scenario, Catalog catalog, SchedulerCatalog? schedulers = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var plan = DeploymentPlanner.Resolve(scenario, catalog);
        // The same writer as a run folder, into memory (see MemoryFileStore for why not a temporary folder).
        var files = new MemoryFileStore();
        using (var writer = new RunFolderWriter(files, telemetry: null))
        {
            var result = ScenarioRunner.Run(plan, writer.Outputs, NullLogger.Instance, catalog: schedulers);
            writer.Finish(result);
        }

        return new CaseOutput(ToBaselineJson(files.ReadText(RunFolderLayout.Summary)), files.ReadText(RunFolderLayout.Requests));
    }

    /// <summary>summary.json text without the <c>simulation</c> block, indented, with a final newline.</summary>
    public static string ToBaselineJson(string summaryJson)
    {
        var node = JsonNode.Parse(summaryJson) as JsonObject
            ?? throw new RegressionInputException("summary is not a JSON object");
        node.Remove("simulation");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
