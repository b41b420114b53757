using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>The console rendering of a report: the tables in reading order.</summary>
internal static class AnalyzeTables
{
    /// <summary>Inputs, model, hardware, ridge points, operators, attention, thresholds, experts, memory, TPOT.</summary>
    public static IEnumerable<IRenderable> All(AnalyzeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        yield return Inputs(report.Inputs);
        yield return ModelSummaryTable.Render(report.Model);
        yield return HardwareTable.Render(report.Hardware);
        yield return HardwareTable.RenderRidges(report.Hardware);
        foreach (var table in OperatorsTable.Render(report.DecodeOperators))
        {
            yield return table;
        }

        yield return AttentionTable.Render(report.Attention);
        yield return ThresholdsTable.Render(report.Thresholds);
        if (report.Experts is { } experts)
        {
            yield return ExpertsTable.Render(experts);
        }

        yield return MemoryTable.Render(report.Memory, report.Inputs.Deployment);
        yield return TpotTable.Render(report.Tpot);
    }

    private static IRenderable Inputs(InputsReport inputs)
    {
        var rows = new List<KeyValuePair<string, string>>
        {
            new("Model", inputs.Model),
            new("Hardware", inputs.Hardware),
        };
        if (inputs.Scenario is { } scenario)
        {
            rows.Add(new("Scenario", scenario));
        }

        rows.Add(new("Deployment", MemoryTable.DeploymentText(inputs.Deployment)));
        rows.Add(new("Batches per attention rank", string.Join(", ", inputs.BatchesPerRank.Select(b => Count(b)))));
        rows.Add(new("Context lengths", string.Join(", ", inputs.ContextTokens.Select(c => Count(c)))));
        return Titled("clustersim analyze", Facts(rows));
    }
}
