using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Telemetry;

/// <summary>
/// Logs the scheduler events worth reading in log.clef at Warning: preemptions, drops and SLO misses, sampled (the
/// first few of each, then every Nth) so a run with millions of them neither slows down nor floods the log.
/// </summary>
/// <remarks>
/// The hot path only counts and compares; a message is built for sampled events alone. Each message carries the
/// simulated time as <c>SimSeconds</c>, which <c>clustersim trace log</c> prints.
/// </remarks>
public sealed class RunEventLogger : IServingObserver
{
    /// <summary>
    /// The event id of per-request simulation events (preemptions, drops, SLO misses): they belong in the run's
    /// log.clef, not on the console, which shows only warnings about the tool itself.
    /// </summary>
    public static readonly EventId SimulationEvent = new(1000, "SimulationEvent");

    private readonly ILogger _logger;
    private readonly double _ttftSloMs;
    private readonly double _tpotSloMs;
    private readonly LogSampling _sampling;
    private readonly bool _enabled;
    private SimTime _now;
    private long _preemptions;
    private long _drops;
    private long _sloMisses;

    /// <summary>Logs to <paramref name="logger"/> with SLOs in ms (infinity for none) and the default sampling.</summary>
    public RunEventLogger(ILogger logger, double ttftSloMs, double tpotSloMs)
        : this(logger, ttftSloMs, tpotSloMs, LogSampling.Default)
    {
    }

    /// <summary>Logs to <paramref name="logger"/> with SLOs in ms and the given sampling.</summary>
    public RunEventLogger(ILogger logger, double ttftSloMs, double tpotSloMs, LogSampling sampling)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(sampling);
        _logger = logger;
        _ttftSloMs = ttftSloMs;
        _tpotSloMs = tpotSloMs;
        _sampling = sampling;
        _enabled = logger.IsEnabled(LogLevel.Warning);
    }

    /// <inheritdoc />
    public void OnArrival(RequestState request) => Tick(request.Arrival);

    /// <inheritdoc />
    public void OnFirstToken(RequestState request)
    {
    }

    /// <inheritdoc />
    public void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
    {
    }

    /// <inheritdoc />
    public void OnTokens(RequestState request, int tokens, SimDuration interval)
    {
    }

    /// <inheritdoc />
    public void OnStep(in StepRecord step) => Tick(step.Start + step.Cost.Duration);

    /// <inheritdoc />
    public void OnIdle(InstanceIdentity instance, in RankGroupGauges gauges, SimTime now) => Tick(now);

    /// <inheritdoc />
    public void OnPreempted(RequestState request)
    {
        _preemptions++;
        if (_enabled && _sampling.Preemptions.Takes(_preemptions))
        {
            _logger.LogWarning(
                SimulationEvent,
                "Preempted request {RequestId} on instance {Instance} rank {Rank} at {SimSeconds:0.######} s: KV cache full, its {ContextTokens} tokens will be recomputed (preemption {Count}; {Sampling})",
                request.Id,
                request.Instance,
                request.Rank,
                _now.TotalSeconds,
                request.ContextTokens,
                _preemptions,
                _sampling.Preemptions.Describe());
        }
    }

    /// <inheritdoc />
    public void OnCompleted(RequestState request)
    {
        Tick(request.Finished);
        if (request.Phase == RequestPhase.Dropped)
        {
            _drops++;
            if (_enabled && _sampling.Drops.Takes(_drops))
            {
                _logger.LogWarning(
                SimulationEvent,
                    "Dropped request {RequestId} at {SimSeconds:0.######} s: {Reason} (drop {Count}; {Sampling})",
                    request.Id,
                    request.Finished.TotalSeconds,
                    request.DropReason ?? "unknown",
                    _drops,
                    _sampling.Drops.Describe());
            }

            return;
        }

        var ttftMs = (request.FirstToken - request.Arrival).TotalMilliseconds;
        var tpotMs = ServingMetrics.TpotMs(request);
        if (ttftMs <= _ttftSloMs && tpotMs <= _tpotSloMs)
        {
            return;
        }

        _sloMisses++;
        if (_enabled && _sampling.SloMisses.Takes(_sloMisses))
        {
            var what = ttftMs > _ttftSloMs
                ? string.Create(CultureInfo.InvariantCulture, $"TTFT {ttftMs:0.#} ms > {_ttftSloMs:0.#} ms")
                : string.Create(CultureInfo.InvariantCulture, $"TPOT {tpotMs:0.##} ms > {_tpotSloMs:0.##} ms");
            _logger.LogWarning(
                SimulationEvent,
                "SLO missed by request {RequestId} finished at {SimSeconds:0.######} s: {Miss} (miss {Count}; {Sampling})",
                request.Id,
                request.Finished.TotalSeconds,
                what,
                _sloMisses,
                _sampling.SloMisses.Describe());
        }
    }

    private void Tick(SimTime t)
    {
        if (t > _now)
        {
            _now = t;
        }
    }
}

/// <summary>How often each kind of event is logged.</summary>
/// <param name="Preemptions">Sampling of preemptions.</param>
/// <param name="Drops">Sampling of dropped requests.</param>
/// <param name="SloMisses">Sampling of requests that missed an SLO.</param>
public sealed record LogSampling(EventSample Preemptions, EventSample Drops, EventSample SloMisses)
{
    /// <summary>First 20 preemptions then every 100th; first 20 drops then every 100th; first 10 SLO misses then every 1000th.</summary>
    public static LogSampling Default { get; } = new(new EventSample(20, 100), new EventSample(20, 100), new EventSample(10, 1000));
}

/// <summary>Keeps the first <paramref name="First"/> events, then every <paramref name="Every"/>th.</summary>
/// <param name="First">Events always logged at the start.</param>
/// <param name="Every">After those, one event in this many.</param>
public sealed record EventSample(long First, long Every)
{
    /// <summary>True when the <paramref name="count"/>th event (1-based) is logged.</summary>
    public bool Takes(long count) => count <= First || (Every > 0 && count % Every == 0);

    /// <summary>"logging the first 20, then every 100th".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"logging the first {First}, then every {Every}th");
}
