using System.Diagnostics;
using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Planning;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using ClusterSim.Telemetry;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ClusterSim.Tests.Runs;

/// <summary>Registers <see cref="RunFuzzCases.Arbitrary"/> for the property below.</summary>
public static class RunFuzzArbitrary
{
    /// <summary>Small valid scenarios over modes, policies, routers, arrivals, faults and KV sizes.</summary>
    public static Arbitrary<FuzzCase> Case() => RunFuzzCases.Arbitrary();
}

/// <summary>
/// Scenario-space fuzzing (issue 13 item 7): small valid scenarios across deployment modes, policies, routers, open and
/// closed arrivals, preloaded KV, MTP, faults, drain limits, expert skew, micro-batches and KV caches small enough to
/// force preemption, each run to completion in memory through the real reader, planner and runner. Every run must
/// end without an exception, count each arrived request exactly once as completed or dropped (requests unfinished
/// at the drain limit are dropped with that reason), agree with its own per-request records, and never report a KV
/// cache above capacity. The cache itself throws on a release of a slot it does not hold and on an allocation beyond its
/// free blocks, and the runner throws when a live rank still holds a block once every request has ended (a leak).
/// </summary>
public sealed class ScenarioRunFuzzProperties(ITestOutputHelper output)
{
    // A fixed replay seed, so CI runs the same 400 scenarios every time. Measured on the shared 2-core machine (load 5):
    // 23 s for the property, 29.6 s wall and 25.7 s CPU for the whole `dotnet test --no-build --filter
    // FullyQualifiedName~ScenarioRunFuzzProperties` command, inside the 60 s budget. Each case prints one line
    // (#N ...) with its counts; the last N is how many scenarios ran.
    private const int Cases = 400;
    private const string Seed = "(20261202,1315)";

    private const double AfdFractionFloor = 0.25;

    // Not a time limit on the simulator: turns a hang into a failure instead of a stuck CI job (healthy cases take
    // milliseconds).
    private static readonly TimeSpan LivelockGuard = TimeSpan.FromSeconds(60);

    private int _ran;

    [Property(MaxTest = Cases, Replay = Seed, Arbitrary = [typeof(RunFuzzArbitrary)])]
    public void Every_small_scenario_runs_to_completion_conserving_requests_and_kv(FuzzCase fuzzCase)
    {
        // CLUSTERSIM_FUZZ_LOG=path appends each case before it runs, to find a case that hangs or kills the host.
        if (Environment.GetEnvironmentVariable("CLUSTERSIM_FUZZ_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, $"start {fuzzCase}\n{WithKvTarget(fuzzCase)}\n");
        }

        // A loop inside one event never reaches the runner's cancellation check, so the hang guard is a wait on a task.
        var run = Task.Run(() => RunChecked(fuzzCase));
        if (!run.Wait(LivelockGuard))
        {
            throw new InvalidOperationException($"no result within {LivelockGuard.TotalSeconds} s of wall time (a hang?)\n--- case: {fuzzCase}\n--- scenario:\n{WithKvTarget(fuzzCase)}");
        }

        var outcome = run.Result;
        if (Environment.GetEnvironmentVariable("CLUSTERSIM_FUZZ_LOG") is { Length: > 0 } done)
        {
            File.AppendAllText(done, $"done in {outcome.WallMs:0} ms\n");
        }

        _ran++;
        output.WriteLine(
            $"#{_ran} {fuzzCase.ToString()[..Math.Min(60, fuzzCase.ToString().Length)]}…: arrived {outcome.Arrived}, completed {outcome.Completed}, dropped {outcome.Dropped} "
            + $"({outcome.Unfinished} at the drain limit; {outcome.DropReasons}), preemptions {outcome.Preemptions}, faults started {outcome.FaultsStarted}, kv peak {outcome.KvPeak:0.###}, wall {outcome.WallMs:0} ms");
    }

    /// <summary>What one fuzzed run did, for the test log.</summary>
    public sealed record Outcome(long Arrived, long Completed, long Dropped, long Unfinished, long Preemptions, int FaultsStarted, double KvPeak, double WallMs)
    {
        /// <summary>Drop reasons and counts, for the log.</summary>
        public string DropReasons { get; init; } = string.Empty;
    }

    /// <summary>Renders, reads, plans and runs <paramref name="fuzzCase"/>, checking every invariant; throws with the scenario on a violation.</summary>
    public static Outcome RunChecked(FuzzCase fuzzCase)
    {
        var yaml = WithKvTarget(fuzzCase);
        try
        {
            return RunAndCheck(yaml);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.GetType().Name}: {e.Message}\n--- case: {fuzzCase}\n--- scenario:\n{yaml}", e);
        }
    }

    /// <summary>Reads, plans and runs scenario text with every check of the property (for the regression tests).</summary>
    public static Outcome RunScenario(string yaml) => RunAndCheck(yaml);

    /// <summary>Reads the scenario text exactly as a file in scenarios/ would be read.</summary>
    public static Scenario Parse(string yaml) => ScenarioReader.Parse("fuzz.yaml", yaml, TestCatalog.Repository.ScenariosDirectory);

    // The pools' weights are known only once planned: plan at 0.9 of HBM, then lower each pool's kv_memory_fraction
    // so its ranks hold about the target number of tokens (KV bytes are linear in the fraction).
    private static string WithKvTarget(FuzzCase fuzzCase)
    {
        // Mooncake prompts run to 126k tokens: a trace gets 16 times the target, so some fit, some are preempted, some drop.
        var target = RunFuzzCases.KvTargets[fuzzCase.KvTokens] * (RunFuzzCases.IsTrace(fuzzCase) ? 16 : 1);
        var roomy = RunFuzzCases.Render(fuzzCase);
        if (target == 0)
        {
            return roomy;
        }

        var plan = Parse(roomy).Plan();
        var fractions = plan.Pools.Select(pool =>
        {
            var m = pool.Memory;
            var fixedShare = (m.WeightBytes + m.WorkspaceBytes) / m.HbmBytes;
            var tokens = (double)m.KvTokensPerRank(pool.Section.KvBlockTokens);
            var fraction = fixedShare + ((0.9 - fixedShare) * Math.Min(1, target / tokens)) + 1e-6;
            // One fraction covers both sides of an AFD instance: its expert accelerators hold every MoE layer's
            // experts (mixtral on two: about 28 GB with redundant slots), so the attention side cannot go lower.
            var floor = plan.Scenario.Deployment.Mode == DeploymentMode.Afd ? AfdFractionFloor : 0;
            return Math.Min(0.9, Math.Max(floor, Math.Ceiling(fraction * 1e6) / 1e6));
        }).ToArray();
        return RunFuzzCases.Render(fuzzCase, fractions);
    }

    private static Outcome RunAndCheck(string yaml)
    {
        var scenario = Parse(yaml);
        var plan = scenario.Plan();
        var checker = new InvariantChecker();
        // Not a time limit on the simulator: a guard that turns a livelock (events at one instant forever) into a
        // failure instead of a hung CI job. A healthy case takes milliseconds.
        using var livelock = new CancellationTokenSource(LivelockGuard);
        var wall = Stopwatch.StartNew();
        var result = ScenarioRunner.Run(plan, (IRunOutputs)checker, NullLogger.Instance, progress: null, livelock.Token);
        wall.Stop();
        Check(!result.Cancelled, "the run did not finish within 60 s of wall time (livelock?)");
        checker.ThrowIfViolated();

        var metrics = result.Metrics;
        var records = checker.Records;
        Check(checker.ArrivedIds.Count == metrics.Arrived, $"observers saw {checker.ArrivedIds.Count} arrivals, metrics count {metrics.Arrived}");
        Check(records.Count == metrics.Arrived, $"{metrics.Arrived} requests arrived but {records.Count} final records were written");
        Check(records.Keys.All(checker.ArrivedIds.Contains), "a request was written that never arrived");
        Check(metrics.Completed + metrics.Dropped == metrics.Arrived, $"arrived {metrics.Arrived} != completed {metrics.Completed} + dropped {metrics.Dropped}");
        var finished = records.Values.Where(r => r.Phase == RequestPhase.Finished).ToList();
        var dropped = records.Values.Where(r => r.Phase == RequestPhase.Dropped).ToList();
        Check(finished.Count + dropped.Count == records.Count, "a request was written neither finished nor dropped");
        Check(finished.Count == metrics.Completed, $"{finished.Count} finished records, metrics count {metrics.Completed} completed");
        foreach (var (reason, count) in metrics.DroppedByReason)
        {
            var written = dropped.Count(r => r.DropReason == reason);
            Check(written == count, $"{count} dropped '{reason}' in the summary, {written} in the records");
        }

        Check(dropped.Count == metrics.Dropped, $"{dropped.Count} dropped records, metrics count {metrics.Dropped}");
        foreach (var r in finished)
        {
            Check(r.Generated == r.OutputTokens, $"request {r.Id} finished with {r.Generated} of {r.OutputTokens} output tokens");
        }

        foreach (var r in dropped)
        {
            Check(r.Generated <= r.OutputTokens, $"dropped request {r.Id} generated {r.Generated} of {r.OutputTokens} output tokens");
        }

        Check(metrics.OutputTokens == finished.Sum(r => (long)r.Generated), $"metrics count {metrics.OutputTokens} output tokens, finished records {finished.Sum(r => (long)r.Generated)}");
        if (scenario.Workload is ClusterSim.Workloads.ClosedLoopWorkloadSpec closed)
        {
            Check(metrics.Arrived <= closed.Requests, $"a closed loop of {closed.Requests} requests sent {metrics.Arrived}");
        }
        else if (scenario.Workload is ClusterSim.Workloads.SyntheticWorkloadSpec { Requests: { } limit })
        {
            Check(metrics.Arrived <= limit, $"{metrics.Arrived} arrivals beyond workload.requests {limit}");
        }

        foreach (var pool in result.Pools)
        {
            Check(pool.KvPeakUtilization is >= 0 and <= 1, $"pool {pool.Name}: KV peak utilisation {pool.KvPeakUtilization} outside [0, 1]");
        }

        const string DrainReason = "unfinished at the drain limit";
        return new Outcome(
            metrics.Arrived,
            metrics.Completed,
            metrics.Dropped,
            metrics.DroppedByReason.GetValueOrDefault(DrainReason),
            metrics.Preemptions,
            result.FaultsStarted,
            result.Pools.Max(p => p.KvPeakUtilization),
            wall.Elapsed.TotalMilliseconds)
        {
            DropReasons = string.Join(", ", metrics.DroppedByReason.Select(d => $"{d.Value} {d.Key}")),
        };
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("invariant broken: " + what);
        }
    }

    /// <summary>A request's final record as the sink received it (only what the checks read).</summary>
    private sealed record FinalRecord(long Id, RequestPhase Phase, string? DropReason, int Generated, int OutputTokens);

    /// <summary>
    /// Watches the run from outside: every arrival once, every final record once and only for an arrived request, no
    /// tokens after a request ended, and every KV gauge within [0, 1].
    /// </summary>
    private sealed class InvariantChecker : IRunOutputs, IRequestSink, IServingObserver
    {
        private string? _violation;

        public HashSet<long> ArrivedIds { get; } = [];

        public Dictionary<long, FinalRecord> Records { get; } = [];

        public IRequestSink? Requests => this;

        public IReadOnlyList<IServingObserver> Attach(RunTopology topology) => [this];

        public void Complete(SimTime end)
        {
        }

        public void Write(RequestState request)
        {
            if (!request.IsEnded)
            {
                Fail($"request {request.Id} written while {request.Phase}");
            }

            if (!ArrivedIds.Contains(request.Id))
            {
                Fail($"request {request.Id} written but never arrived");
            }

            if (!Records.TryAdd(request.Id, new FinalRecord(request.Id, request.Phase, request.DropReason, request.GeneratedTokens, request.OutputTokens)))
            {
                Fail($"request {request.Id} written twice (first {Records[request.Id].Phase}, then {request.Phase})");
            }
        }

        public void OnArrival(RequestState request)
        {
            if (!ArrivedIds.Add(request.Id))
            {
                Fail($"request {request.Id} arrived twice");
            }
        }

        public void OnFirstToken(RequestState request) => CheckLive(request, "first token");

        public void OnTokens(RequestState request, int tokens, SimDuration interval)
        {
            CheckLive(request, "tokens");
            if (tokens < 1 || request.GeneratedTokens > request.OutputTokens)
            {
                Fail($"request {request.Id}: {tokens} tokens, {request.GeneratedTokens} of {request.OutputTokens} generated");
            }
        }

        public void OnCompleted(RequestState request)
        {
        }

        public void OnStep(in StepRecord step) => CheckGauges(step.Instance, step.Gauges);

        public void OnStepStarted(in StepRecord step) => CheckGauges(step.Instance, step.Gauges);

        public void OnIdle(InstanceIdentity instance, in RankGroupGauges gauges, SimTime now) => CheckGauges(instance, gauges);

        public void OnPreempted(RequestState request) => CheckLive(request, "preemption");

        public void ThrowIfViolated()
        {
            if (_violation is not null)
            {
                throw new InvalidOperationException("invariant broken: " + _violation);
            }
        }

        private void CheckLive(RequestState request, string what)
        {
            if (request.IsEnded)
            {
                Fail($"request {request.Id}: {what} after it {request.Phase}");
            }
        }

        private void CheckGauges(InstanceIdentity instance, RankGroupGauges gauges)
        {
            if (gauges.KvMax is < 0 or > 1 || gauges.KvMean is < 0 or > 1 || gauges.Running < 0 || gauges.Queued < 0)
            {
                Fail($"instance {instance}: gauges {gauges} (KV occupancy must stay within [0, 1])");
            }
        }

        // The first violation is kept and thrown after the run, so the run's own exception (if any) is not masked.
        private void Fail(string what) => _violation ??= what;
    }
}
