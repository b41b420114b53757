using ClusterSim.Engine;
using ClusterSim.Planning;
using ClusterSim.Runs;
using ClusterSim.Scheduling;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Measurements;

/// <summary>
/// A scenario's prediction in the measurement's terms: the run, every request it ended, and the benchmark figures
/// computed from those requests with the same formulas a harness uses (<see cref="BenchmarkFigures.FromRequests"/>),
/// so that predicted and measured figures are comparable number for number.
/// </summary>
/// <param name="Result">The simulation's result.</param>
/// <param name="Requests">Every request the run ended (finished or dropped), in the order they ended.</param>
/// <param name="Figures">The figures of <paramref name="Requests"/>, per GPU over the deployment's accelerators.</param>
public sealed record PredictedRun(RunResult Result, IReadOnlyList<MeasuredRequest> Requests, BenchmarkFigures Figures)
{
    /// <summary>Simulates <paramref name="plan"/> and summarises it as a harness would.</summary>
    /// <remarks>The run is cut short only by <paramref name="cancellationToken"/>; the caller checks <see cref="RunResult.Cancelled"/>.</remarks>
    public static PredictedRun Simulate(DeploymentPlan plan, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var collector = new Collector();
        var result = ScenarioRunner.Run(plan, collector, logger, null, cancellationToken);
        return From(result, collector.Requests);
    }

    /// <summary>The prediction of an existing run whose ended requests are <paramref name="requests"/>.</summary>
    public static PredictedRun From(RunResult result, IReadOnlyList<MeasuredRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(result);
        var figures = BenchmarkFigures.FromRequests(requests);
        figures = figures with { OutputTokensPerSecondPerGpu = figures.OutputTokensPerSecond / result.Accelerators };
        return new PredictedRun(result, requests, figures);
    }

    /// <summary>One simulated request in a harness's units (seconds of arrival, milliseconds of latency).</summary>
    public static MeasuredRequest Record(RequestState request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dropped = request.Phase == RequestPhase.Dropped;
        var hasFirst = !dropped && request.FirstToken != SimTime.MaxValue;
        return new MeasuredRequest(
            request.Arrival.TotalSeconds,
            request.InputTokens,
            dropped ? 0 : request.GeneratedTokens,
            hasFirst ? (request.FirstToken - request.Arrival).TotalMilliseconds : null,
            (request.Finished - request.Arrival).TotalMilliseconds, // a dropped request still ends the benchmark when it is dropped
            !dropped);
    }

    private sealed class Collector : IRequestSink
    {
        public List<MeasuredRequest> Requests { get; } = [];

        public void Write(RequestState request) => Requests.Add(Record(request));
    }
}
