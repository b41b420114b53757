using ClusterSim.Engine;

namespace ClusterSim.Scheduling.Admission;

/// <summary>
/// Admission control at the cluster's entry, before routing: accepts an arriving request or rejects it with a
/// reason. A rejected request is counted as dropped with that reason (summary.json requests.dropped_by_reason,
/// requests.csv drop_reason), never lost. Chosen by <c>scheduler.admission.kind</c>.
/// </summary>
public interface IAdmissionPolicy
{
    /// <summary>The name used in scenario files.</summary>
    string Name { get; }

    /// <summary>
    /// Whether <see cref="Reject"/> looks at its queue length. Counting the entry pool's waiting requests visits every
    /// instance on every arrival, so the cluster counts them only for a policy that reads them and passes 0 otherwise.
    /// </summary>
    bool ReadsQueueLength { get; }

    /// <summary>
    /// Decides on <paramref name="request"/> arriving at <paramref name="now"/>, when <paramref name="queuedRequests"/>
    /// requests of the entry pool are waiting for admission; returns null to accept, or the drop reason.
    /// </summary>
    string? Reject(RequestState request, int queuedRequests, SimTime now);
}

/// <summary>The <c>scheduler.admission</c> settings.</summary>
/// <param name="Kind">unbounded, bounded-queue or token-bucket.</param>
/// <param name="MaxQueue">bounded-queue: most requests waiting in the entry pool before arrivals are rejected.</param>
/// <param name="RatePerSecond">token-bucket: requests admitted per second in the long run.</param>
/// <param name="Burst">token-bucket: bucket size, the most requests admitted back to back.</param>
public sealed record AdmissionSettings(string Kind, int MaxQueue, double RatePerSecond, double Burst)
{
    /// <summary>No admission control (the default).</summary>
    public static AdmissionSettings Unbounded { get; } = new(UnboundedAdmission.KindName, 0, 0, 0);
}

/// <summary>Accepts everything: queues grow without bound under overload.</summary>
public sealed class UnboundedAdmission : IAdmissionPolicy
{
    /// <summary>The scenario name.</summary>
    public const string KindName = "unbounded";

    /// <inheritdoc />
    public string Name => KindName;

    /// <inheritdoc />
    public bool ReadsQueueLength => false;

    /// <inheritdoc />
    public string? Reject(RequestState request, int queuedRequests, SimTime now) => null;
}

/// <summary>Rejects an arrival when the entry pool already has <see cref="MaxQueue"/> requests waiting for admission.</summary>
public sealed class BoundedQueueAdmission : IAdmissionPolicy
{
    /// <summary>The scenario name.</summary>
    public const string KindName = "bounded-queue";

    private readonly string _reason;

    /// <summary>A bound of <paramref name="maxQueue"/> waiting requests (at least 0).</summary>
    public BoundedQueueAdmission(int maxQueue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueue);
        MaxQueue = maxQueue;
        _reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rejected at admission: queue full (max_queue {maxQueue})");
    }

    /// <summary>Most requests waiting before arrivals are rejected.</summary>
    public int MaxQueue { get; }

    /// <inheritdoc />
    public string Name => KindName;

    /// <inheritdoc />
    public bool ReadsQueueLength => true;

    /// <inheritdoc />
    public string? Reject(RequestState request, int queuedRequests, SimTime now) => queuedRequests >= MaxQueue ? _reason : null;
}

/// <summary>
/// A token bucket over requests: the bucket holds up to <see cref="Burst"/> tokens, refills at
/// <see cref="RatePerSecond"/> tokens per simulated second, and each admitted request takes one token; an arrival
/// finding less than one token is rejected. It starts full.
/// </summary>
public sealed class TokenBucketAdmission : IAdmissionPolicy
{
    /// <summary>The scenario name.</summary>
    public const string KindName = "token-bucket";

    private readonly string _reason;
    private double _tokens;
    private SimTime _last;

    /// <summary>A bucket refilled at <paramref name="ratePerSecond"/> (above 0) holding up to <paramref name="burst"/> (at least 1).</summary>
    public TokenBucketAdmission(double ratePerSecond, double burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _tokens = burst;
        _reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rejected at admission: rate limit (token bucket {ratePerSecond:0.###}/s, burst {burst:0.###})");
    }

    /// <summary>Long-run admissions per second.</summary>
    public double RatePerSecond { get; }

    /// <summary>Bucket size.</summary>
    public double Burst { get; }

    /// <summary>Tokens in the bucket after the last decision.</summary>
    public double Tokens => _tokens;

    /// <inheritdoc />
    public string Name => KindName;

    /// <inheritdoc />
    public bool ReadsQueueLength => false;

    /// <inheritdoc />
    public string? Reject(RequestState request, int queuedRequests, SimTime now)
    {
        _tokens = Math.Min(Burst, _tokens + ((now - _last).TotalSeconds * RatePerSecond));
        _last = now;
        if (_tokens < 1)
        {
            return _reason;
        }

        _tokens -= 1;
        return null;
    }
}
