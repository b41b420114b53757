using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Regression;

namespace ClusterSim.Cli.Compare;

/// <summary>
/// <c>clustersim compare</c>: metric deltas between a baseline and a candidate run (or sweep, point by point) with
/// pass/fail per tolerance gate; exit 1 when a gate fails, 0 when all pass, 2 on bad input.
/// </summary>
public sealed class CompareHandler(CliEnvironment environment) : IVerbHandler<CompareArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(CompareArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        CompareReport report;
        var warnings = new List<string>();
        try
        {
            report = Build(arguments, warnings);
        }
        catch (RegressionInputException e)
        {
            throw new UserErrorException("clustersim compare: " + e.Message, e);
        }

        foreach (var warning in warnings)
        {
            await environment.Error.WriteLineAsync(("clustersim compare: warning: " + warning).AsMemory(), cancellationToken);
        }

        if (arguments.Json)
        {
            using var buffer = new MemoryStream();
            CompareJsonView.Write(buffer, report);
            await environment.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken);
        }
        else
        {
            CompareTextView.Write(environment.Out, report);
        }

        return report.Passed ? ExitCodes.Success : ExitCodes.GateFailed;
    }

    /// <summary>
    /// Reads both sides and compares them; throws <see cref="RegressionInputException"/> on bad input. A cancelled
    /// (partial) run is compared, with a line added to <paramref name="warnings"/>.
    /// </summary>
    public static CompareReport Build(CompareArguments arguments, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var gates = RunComparison.GatesFrom(arguments.Tolerances.Select(t => (t.Metric, t.Percent)));
        var pairs = ComparedPairs.Resolve(arguments.Baseline, arguments.Candidate);
        var reports = new List<PairReport>();
        foreach (var pair in pairs)
        {
            var (baseline, candidate) = (SummaryMetrics.Load(pair.BaselineSummary), SummaryMetrics.Load(pair.CandidateSummary));
            foreach (var side in new[] { baseline, candidate }.Where(s => s.Partial))
            {
                warnings?.Add($"{side.Source} is a cancelled run (\"partial\": true); its figures cover only what was simulated");
            }

            var metrics = RunComparison.Compare(baseline, candidate, gates, pair.Label);
            RequestComparison? requests = null;
            if (arguments.PerRequest)
            {
                if (pair.BaselineRequests is null || pair.CandidateRequests is null)
                {
                    var side = pair.BaselineRequests is null ? arguments.Baseline : arguments.Candidate;
                    throw new RegressionInputException($"--per-request needs {ComparedPairs.RequestsFile} in both runs; none for {side}{(pair.Label.Length > 0 ? " point " + pair.Label : string.Empty)} (a run written with outputs.format: parquet has requests.parquet, which compare does not read: compare it in Python, docs/python.md)");
                }

                requests = RequestComparison.Compare(pair.BaselineRequests, pair.CandidateRequests);
            }

            reports.Add(new PairReport(pair, metrics, requests));
        }

        return new CompareReport(arguments.Baseline, arguments.Candidate, gates, reports, arguments.Top);
    }
}
