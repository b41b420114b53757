using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim trace summarize`.</summary>
/// <param name="RunDirectory">A run folder written by run or sweep.</param>
public sealed record TraceSummarizeArguments(string RunDirectory);

/// <summary>The parsed arguments of `clustersim trace requests`.</summary>
/// <param name="RunDirectory">A run folder written by run or sweep.</param>
/// <param name="Where">Row filter over requests.csv columns, or null for all rows.</param>
/// <param name="Top">Show only the first N rows after sorting, or null for all.</param>
/// <param name="Sort">Column to sort by (descending), or null for file order.</param>
public sealed record TraceRequestsArguments(string RunDirectory, string? Where, int? Top, string? Sort);

/// <summary>The parsed arguments of `clustersim trace log`.</summary>
/// <param name="RunDirectory">A run folder written by run or sweep.</param>
/// <param name="Level">Lowest level shown, or null for all.</param>
/// <param name="Grep">Text the rendered message must contain (case-insensitive), or null.</param>
public sealed record TraceLogArguments(string RunDirectory, string? Level, string? Grep);

/// <summary>The parsed arguments of `clustersim trace report`.</summary>
/// <param name="RunDirectory">A run folder written by run, or a sweep folder (it holds sweep.csv).</param>
public sealed record TraceReportArguments(string RunDirectory);

/// <summary>Defines `clustersim trace` and its subcommands: inspect a finished run folder.</summary>
public static class TraceCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "trace";

    /// <summary>Creates the command; each handler receives its subcommand's parsed arguments.</summary>
    public static Command Create(
        Func<TraceSummarizeArguments, CancellationToken, Task<int>> summarize,
        Func<TraceRequestsArguments, CancellationToken, Task<int>> requests,
        Func<TraceLogArguments, CancellationToken, Task<int>> log)
    {
        ArgumentNullException.ThrowIfNull(summarize);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(log);
        return new Command(Name, "Inspect a finished run folder: summary, per-request rows, the run log.")
        {
            CreateSummarize(summarize),
            CreateRequests(requests),
            CreateLog(log),
        };
    }

    /// <summary>Creates the command with the <c>report</c> subcommand as well.</summary>
    public static Command Create(
        Func<TraceSummarizeArguments, CancellationToken, Task<int>> summarize,
        Func<TraceRequestsArguments, CancellationToken, Task<int>> requests,
        Func<TraceLogArguments, CancellationToken, Task<int>> log,
        Func<TraceReportArguments, CancellationToken, Task<int>> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var command = Create(summarize, requests, log);
        command.Description = "Inspect a finished run folder: summary, per-request rows, the run log, report.html.";
        command.Subcommands.Add(CreateReport(report));
        return command;
    }

    private static Command CreateReport(Func<TraceReportArguments, CancellationToken, Task<int>> handler)
    {
        var runDirectory = new Argument<string>("RUN_DIR")
        {
            Description = "A run folder written by run, or a sweep folder (it holds sweep.csv).",
            Arity = ArgumentArity.ExactlyOne,
        }.RejectingOptionLikeValues();
        var command = new Command("report", "Regenerate report.html in a run folder (from summary.json, timeseries.csv, "
            + "requests.csv, log.clef) or a sweep folder (from sweep.csv and its plots).")
        {
            runDirectory,
        };
        command.SetAction((parse, ct) => handler(new TraceReportArguments(parse.GetRequiredValue(runDirectory)), ct));
        return command;
    }

    private static Argument<string> RunDirectory() =>
        new Argument<string>("RUN_DIR") { Description = "A run folder written by run or sweep.", Arity = ArgumentArity.ExactlyOne }
            .RejectingOptionLikeValues();

    private static Command CreateSummarize(Func<TraceSummarizeArguments, CancellationToken, Task<int>> handler)
    {
        var runDirectory = RunDirectory();
        var command = new Command("summarize", "Latency percentiles (TTFT, TPOT, end to end), throughput per GPU, goodput, "
            + "utilization of accelerators, HBM and links, and the share of steps each resource bounded.")
        {
            runDirectory,
        };
        command.SetAction((parse, ct) => handler(new TraceSummarizeArguments(parse.GetRequiredValue(runDirectory)), ct));
        return command;
    }

    private static Command CreateRequests(Func<TraceRequestsArguments, CancellationToken, Task<int>> handler)
    {
        var runDirectory = RunDirectory();
        var where = new Option<string?>("--where")
        {
            Description = "Keep rows matching a filter over requests.csv columns, e.g. \"ttft_ms > 500 and instance == 0\".",
            HelpName = "EXPR",
        };
        var top = new Option<int?>("--top")
        {
            Description = "Show only the first N rows after sorting (N >= 1). Default: all rows.",
            HelpName = "N",
        };
        top.Check<int?>(value => value is < 1 ? "--top must be at least 1" : null);
        var sort = new Option<string?>("--sort")
        {
            Description = "Sort by this requests.csv column, largest first (e.g. ttft_ms, tpot_ms, e2e_ms). Default: arrival order.",
            HelpName = "COL",
        };
        var command = new Command("requests", "List per-request rows of requests.csv (arrival, TTFT, TPOT, tokens, instance, "
            + "preemptions), filtered and sorted.")
        {
            runDirectory, where, top, sort,
        };
        command.SetAction((parse, ct) => handler(
            new TraceRequestsArguments(parse.GetRequiredValue(runDirectory), parse.GetValue(where), parse.GetValue(top), parse.GetValue(sort)),
            ct));
        return command;
    }

    private static Command CreateLog(Func<TraceLogArguments, CancellationToken, Task<int>> handler)
    {
        var runDirectory = RunDirectory();
        var level = new Option<string?>("--level")
        {
            Description = "Lowest level shown: verbose, debug, information, warning, error or fatal. Default: all.",
            HelpName = "L",
        };
        // Any case: the README's own example writes "Warning", as Serilog spells it in log.clef.
        level.Check<string?>(given => given is not null && Trace.ClefEvent.Rank(given) < 0
            ? $"--level {given}: unknown level; use one of {string.Join(", ", Trace.ClefEvent.Levels)} (any case)"
            : null);
        var grep = new Option<string?>("--grep")
        {
            Description = "Show only events whose rendered message contains TEXT (case-insensitive).",
            HelpName = "TEXT",
        };
        var command = new Command("log", "Print the run's log.clef as readable lines (simulated time, level, message), filtered.")
        {
            runDirectory, level, grep,
        };
        command.SetAction((parse, ct) => handler(
            new TraceLogArguments(parse.GetRequiredValue(runDirectory), parse.GetValue(level), parse.GetValue(grep)),
            ct));
        return command;
    }
}
