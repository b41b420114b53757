using System.Globalization;
using ClusterSim.Input;
using ClusterSim.Scenarios;
using ClusterSim.Workloads;

namespace ClusterSim.Measurements;

/// <summary>A remark on how well the scenario describes the measured harness.</summary>
/// <param name="Warning">True when the two differ in a way that can move the figures.</param>
/// <param name="Text">One sentence.</param>
public sealed record HarnessNote(bool Warning, string Text);

/// <summary>
/// Checks that a scenario describes the harness that produced a measurement: the same kind of load (a closed loop
/// of N clients, or arrivals at R per second) is required; the same request count, lengths and GPU count are
/// checked and a difference is a warning.
/// </summary>
public static class HarnessCheck
{
    /// <summary>Relative difference of mean lengths above which the lengths are said to differ.</summary>
    public const double LengthTolerance = 0.05;

    /// <summary>The notes; throws when the load itself differs.</summary>
    /// <exception cref="InputException">
    /// The measurement ran a closed loop of N and the scenario does not, or arrivals at R/s and the scenario does not
    /// (naming the scenario key and the value to set).
    /// </exception>
    public static IReadOnlyList<HarnessNote> Check(Scenario scenario, MeasuredRun run)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(run);
        var notes = new List<HarnessNote>();
        var harness = run.Harness;
        var file = scenario.SourceFile;
        var workload = scenario.Workload;
        if (harness.IsClosedLoop)
        {
            var n = harness.MaxConcurrency!.Value;
            if (workload is not ClosedLoopWorkloadSpec closed)
            {
                throw new InputException(file, "workload.arrival", $"is an open loop, but {run.File} ran a closed loop of max_concurrency {n}; set workload.arrival: closed with workload.concurrency: {n}");
            }

            if (closed.Concurrency != n)
            {
                throw new InputException(file, "workload.concurrency", $"is {closed.Concurrency}, but {run.File} ran max_concurrency {n}; set --set workload.concurrency={n}");
            }

            notes.Add(new(false, $"closed loop of {n} clients on both sides"));
        }
        else if (harness.RequestRate is { } rate && double.IsFinite(rate))
        {
            if (workload is not SyntheticWorkloadSpec synthetic)
            {
                throw new InputException(file, "workload.arrival", $"is not an open-loop arrival process, but {run.File} sent requests at {F(rate)} per second; use workload.arrival: poisson with workload.rate_per_s: {F(rate)}");
            }

            if (Math.Abs(synthetic.Arrival.RatePerSecond - rate) > 1e-6 * rate)
            {
                throw new InputException(file, "workload.rate_per_s", $"is {F(synthetic.Arrival.RatePerSecond)}, but {run.File} sent requests at {F(rate)} per second; set --set workload.rate_per_s={F(rate)}");
            }

            notes.Add(new(false, $"arrivals at {F(rate)} requests/s on both sides"));
            if (harness.MaxConcurrency is { } bound)
            {
                notes.Add(new(true, $"the harness also bounded concurrency at {bound}; the scenario simulates the arrival rate only"));
            }
        }
        else if (harness.RequestRate is { } inf && double.IsPositiveInfinity(inf))
        {
            var all = harness.Prompts;
            notes.Add(workload is ClosedLoopWorkloadSpec c && all is { } p && c.Concurrency >= p
                ? new(false, $"all {p} requests sent at once on both sides")
                : new(true, $"the harness sent every request at once (request_rate inf, no max_concurrency); simulate that with workload.arrival: closed and workload.concurrency: {(all is { } q ? q.ToString(CultureInfo.InvariantCulture) : "the request count")}"));
        }
        else
        {
            notes.Add(new(false, "the measurement does not record the harness's request rate or concurrency; the scenario's workload is taken as the harness's"));
            ArrivalRate(run, workload, notes);
        }

        Prompts(run, workload, notes);
        Lengths(run, workload, notes);
        if (harness.Accelerators is { } gpus && gpus != scenario.Deployment.Accelerators)
        {
            notes.Add(new(true, $"the measurement ran on {gpus} GPUs, the scenario's deployment has {scenario.Deployment.Accelerators}"));
        }

        return notes;
    }

    /// <summary>The mean of a length distribution, or null when it cannot be stated (zipf, empirical).</summary>
    public static double? Mean(LengthDistributionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Distribution switch
        {
            LengthDistributionKind.Fixed => spec.Value,
            LengthDistributionKind.Uniform => (spec.Min!.Value + spec.Max!.Value) / 2.0,
            LengthDistributionKind.UniformRatio => (spec.RatioMinimum() + spec.Value!.Value) / 2.0,
            // Before clamping to [min, max]: close enough to say whether two workloads are alike.
            LengthDistributionKind.LogNormal => spec.Mean ?? (spec.Median!.Value * Math.Exp(spec.Sigma!.Value * spec.Sigma.Value / 2)),
            _ => null,
        };
    }

    private static void ArrivalRate(MeasuredRun run, WorkloadSpec workload, List<HarnessNote> notes)
    {
        var arrivals = run.Requests.Where(r => r.ArrivalSeconds is not null).Select(r => r.ArrivalSeconds!.Value).ToArray();
        if (arrivals.Length < 2 || workload is not SyntheticWorkloadSpec synthetic)
        {
            return;
        }

        var span = arrivals.Max() - arrivals.Min();
        if (span <= 0)
        {
            return;
        }

        var measured = (arrivals.Length - 1) / span;
        var scenario = synthetic.Arrival.RatePerSecond;
        notes.Add(Math.Abs(measured - scenario) > 0.1 * scenario
            ? new(true, $"measured arrivals average {F(measured)} requests/s, the scenario's rate_per_s is {F(scenario)}")
            : new(false, $"measured arrivals average {F(measured)} requests/s, the scenario's rate_per_s is {F(scenario)}"));
    }

    private static void Prompts(MeasuredRun run, WorkloadSpec workload, List<HarnessNote> notes)
    {
        var scenario = workload switch
        {
            ClosedLoopWorkloadSpec c => c.Requests,
            SyntheticWorkloadSpec s => s.Requests,
            _ => null,
        };
        if (run.Harness.Prompts is { } measured && scenario is { } simulated && measured != simulated)
        {
            notes.Add(new(true, $"the harness sent {measured} requests, the scenario sends {simulated} (workload.requests)"));
        }
    }

    private static void Lengths(MeasuredRun run, WorkloadSpec workload, List<HarnessNote> notes)
    {
        var (input, output) = workload switch
        {
            ClosedLoopWorkloadSpec c => (c.InputTokens, c.OutputTokens),
            SyntheticWorkloadSpec s => (s.InputTokens, s.OutputTokens),
            _ => ((LengthDistributionSpec?)null, (LengthDistributionSpec?)null),
        };
        var figures = run.Figures;
        var perRequest = run.Requests.Count > 0 ? " (from its per-request lengths)" : string.Empty;
        foreach (var (name, spec, measured) in new[] { ("input", input, figures.MeanInputTokens), ("output", output, figures.MeanOutputTokens) })
        {
            if (measured is not { } m)
            {
                notes.Add(new(false, $"the measurement has no {name} lengths; the scenario's workload.{name}_tokens cannot be checked"));
                continue;
            }

            if (spec is null || Mean(spec) is not { } s)
            {
                notes.Add(new(true, $"measured mean {name} length {F(m)} tokens{perRequest}; the scenario's workload.{name}_tokens has no stated mean to compare"));
                continue;
            }

            var alike = Math.Abs(s - m) <= LengthTolerance * m;
            notes.Add(new(!alike, $"mean {name} length: measured {F(m)} tokens{perRequest}, scenario {F(s)} ({(alike ? "match within 5 %" : "differ by more than 5 %")})"));
        }
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
