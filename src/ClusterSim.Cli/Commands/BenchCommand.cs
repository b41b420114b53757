using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>What `clustersim bench` measures.</summary>
public enum BenchTarget
{
    /// <summary>The discrete-event kernel alone (events per second).</summary>
    Engine,

    /// <summary>The flow-level link model (flow updates per second).</summary>
    Fabric,

    /// <summary>A whole serving simulation (simulated seconds per wall second).</summary>
    Serving,
}

/// <summary>The parsed arguments of `clustersim bench`.</summary>
/// <param name="Target">What to measure.</param>
/// <param name="Scale">Problem-size multiplier, at least 1.</param>
public sealed record BenchArguments(BenchTarget Target, int Scale);

/// <summary>Defines `clustersim bench` and its subcommands: quick throughput measurements.</summary>
public static class BenchCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "bench";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments of every subcommand.</summary>
    public static Command Create(Func<BenchArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new Command(Name, "Quick throughput measurements (seconds, not the BenchmarkDotNet suite).")
        {
            CreateTarget(BenchTarget.Engine, "engine", "Events per second of the discrete-event kernel on a synthetic queueing model.", handler),
            CreateTarget(BenchTarget.Fabric, "fabric", "Flow updates per second of the flow-level link model under all-to-all traffic.", handler),
            CreateTarget(BenchTarget.Serving, "serving", "Simulated seconds per wall-clock second of a reference serving scenario.", handler),
        };
    }

    private static Command CreateTarget(BenchTarget target, string name, string description, Func<BenchArguments, CancellationToken, Task<int>> handler)
    {
        var scale = new Option<int>("--scale")
        {
            Description = "Problem-size multiplier (>= 1): events, flows or requests grow in proportion.",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
        }.AtLeast(1);
        var command = new Command(name, description) { scale };
        command.SetAction((parse, ct) => handler(new BenchArguments(target, parse.GetValue(scale)), ct));
        return command;
    }
}
