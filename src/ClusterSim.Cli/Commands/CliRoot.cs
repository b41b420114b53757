using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ClusterSim.Cli.Commands;

/// <summary>The clustersim command tree: global options and one subcommand per verb.</summary>
/// <param name="Command">The root command to parse with.</param>
/// <param name="Verbose">The global --verbose option.</param>
internal sealed record CliRoot(Command Command, Option<bool> Verbose)
{
    /// <summary>Width of --help text, fixed so help reads the same on every terminal and in the golden files.</summary>
    public const int HelpWidth = 100;

    /// <summary>The command name shown in usage lines, whatever the host process is called (dotnet, testhost).</summary>
    public const string ToolName = "clustersim";

    /// <summary>Builds the tree; <paramref name="verbose"/> must be the option later given to the dispatcher.</summary>
    public static CliRoot Create(Option<bool> verbose, VerbDispatcher dispatcher)
    {
        // A named Command rather than RootCommand, whose name is the process's file name (testhost under tests).
        var root = new Command(ToolName, "clustersim: discrete-event simulator of LLM-serving clusters (prefill/decode pools, "
            + "expert parallelism, attention/FFN disaggregation) reporting TTFT, TPOT, throughput and where the time went.")
        {
            new HelpOption(),
            new VersionOption(),
            verbose,
            RunCommand.Create(dispatcher.For<RunArguments>(RunCommand.Name)),
            SweepCommand.Create(dispatcher.For<SweepArguments>(SweepCommand.Name), dispatcher.For<SweepMergeArguments>("sweep merge")),
            CapacityCommand.Create(dispatcher.For<CapacityArguments>(CapacityCommand.Name)),
            PlanCommand.Create(dispatcher.For<PlanArguments>(PlanCommand.Name), dispatcher.For<PlanMergeArguments>("plan merge")),
            MeasureErrorCommand.Create(dispatcher.For<MeasureErrorArguments>(MeasureErrorCommand.Name)),
            CalibrateCommand.Create(dispatcher.For<CalibrateArguments>(CalibrateCommand.Name)),
            AnalyzeCommand.Create(dispatcher.For<AnalyzeArguments>(AnalyzeCommand.Name)),
            TraceCommand.Create(
                dispatcher.For<TraceSummarizeArguments>("trace summarize"),
                dispatcher.For<TraceRequestsArguments>("trace requests"),
                dispatcher.For<TraceLogArguments>("trace log"),
                dispatcher.For<TraceReportArguments>("trace report")),
            CompareCommand.Create(dispatcher.For<CompareArguments>(CompareCommand.Name)),
            BaselineCommand.Create(dispatcher.For<BaselineUpdateArguments>(BaselineCommand.UpdatePath)),
            ValidateCommand.Create(dispatcher.For<ValidateArguments>(ValidateCommand.Name)),
            BenchCommand.Create(dispatcher.For<BenchArguments>(BenchCommand.Name)),
        };

        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard)
        {
            standard.MaxWidth = HelpWidth;
            help.Action = new HelpWithEpilog(standard);
        }

        return new CliRoot(root, verbose);
    }

    /// <summary>The global --verbose option.</summary>
    public static Option<bool> CreateVerboseOption() =>
        new("--verbose", "-v")
        {
            Description = "Show Debug log events on stderr (default: Warning and above; every run's log.clef keeps Debug).",
            Recursive = true,
        };

    /// <summary>The standard help followed by the exit-code table, so script authors find it where they look first.</summary>
    internal sealed class HelpWithEpilog(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(ExitCodes.HelpText.Replace("\n", output.NewLine, StringComparison.Ordinal));
            return code;
        }
    }
}
