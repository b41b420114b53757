using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim analyze`.</summary>
/// <param name="Model">Model name from the catalog, or null.</param>
/// <param name="Hardware">Accelerator name from the catalog, or null.</param>
/// <param name="ScenarioFile">A scenario file supplying model, hardware and deployment, or null.</param>
/// <param name="Batches">Batch sizes in tokens per step to tabulate; empty for the defaults.</param>
/// <param name="Contexts">Context lengths in tokens to tabulate; empty for the defaults.</param>
/// <param name="Json">Write JSON to stdout instead of tables.</param>
public sealed record AnalyzeArguments(
    string? Model,
    string? Hardware,
    string? ScenarioFile,
    IReadOnlyList<int> Batches,
    IReadOnlyList<int> Contexts,
    bool Json);

/// <summary>Defines `clustersim analyze`: closed-form arithmetic intensity, ridge points and batch thresholds.</summary>
public static class AnalyzeCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "analyze";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<AnalyzeArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var model = new Option<string?>("--model")
        {
            Description = "Model name from the catalog (scenarios/models/<NAME>.json, a Hugging Face config.json).",
            HelpName = "NAME",
        };
        var hardware = new Option<string?>("--hardware")
        {
            Description = "Accelerator name from the catalog (scenarios/hardware/<NAME>.yaml).",
            HelpName = "NAME",
        };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "Scenario file supplying model, hardware and deployment; --model and --hardware override it.",
            HelpName = "FILE",
        };
        var batches = new Option<int[]>("--batch")
        {
            Description = "Decode batch in requests per attention (DP) rank to tabulate (>= 1). Repeatable. Default: 1, 64, 256.",
            HelpName = "N",
            Arity = ArgumentArity.OneOrMore,
        };
        var contexts = new Option<int[]>("--context")
        {
            Description = "Context length in tokens to tabulate (>= 1). Repeatable. Default: 4096.",
            HelpName = "N",
            Arity = ArgumentArity.OneOrMore,
        };
        AddPositiveCheck(batches);
        AddPositiveCheck(contexts);
        var json = new Option<bool>("--json")
        {
            Description = "Write the results as JSON on stdout instead of tables.",
        };

        var command = new Command(Name, "Closed-form analysis: FLOPs, bytes and arithmetic intensity of attention and experts, "
            + "ridge points, the MoE batch threshold and the memory-limited batch (no simulation).")
        {
            model, hardware, scenario, batches, contexts, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(scenario) is null && (result.GetValue(model) is null || result.GetValue(hardware) is null))
            {
                result.AddError("analyze needs --scenario FILE, or both --model NAME and --hardware NAME");
            }
        });
        command.SetAction((parse, ct) => handler(
            new AnalyzeArguments(
                parse.GetValue(model),
                parse.GetValue(hardware),
                parse.GetValue(scenario),
                parse.GetValue(batches) ?? [],
                parse.GetValue(contexts) ?? [],
                parse.GetValue(json)),
            ct));
        return command;
    }

    private static void AddPositiveCheck(Option<int[]> option)
    {
        option.Check<int[]>(values => (values ?? []).FirstOrDefault(v => v < 1) is var bad && (values ?? []).Any(v => v < 1)
            ? $"{option.Name} {bad}: must be at least 1 token"
            : null);
    }
}
