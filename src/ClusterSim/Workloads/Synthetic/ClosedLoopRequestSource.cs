using ClusterSim.Engine;
using ClusterSim.Engine.Random;

namespace ClusterSim.Workloads.Synthetic;

/// <summary>
/// The closed loop of <see cref="ClosedLoopWorkloadSpec"/>: every client sends at time 0, then once per ended request
/// after the think time. Lengths draw from the same named streams as the open-loop source, so the n-th request has the
/// same lengths whatever the concurrency.
/// </summary>
/// <remarks>
/// Clients are interchangeable, so the source keeps only their ready times. Ends are reported in nondecreasing
/// simulated time and the think time is one constant, so ready times come out in the order they go in: a FIFO queue
/// is the priority queue, and it allocates nothing once it has grown to the concurrency.
/// </remarks>
public sealed class ClosedLoopRequestSource : IClosedLoopSource
{
    private readonly Queue<SimTime> _ready;
    private readonly ILengthSampler _inputTokens;
    private readonly ILengthSampler _outputTokens;
    private readonly RandomStream _inputRandom;
    private readonly RandomStream _outputRandom;
    private readonly long _requests;
    private readonly SimDuration _thinkTime;
    private long _sent;

    private ClosedLoopRequestSource(ClosedLoopWorkloadSpec spec, ulong seed, string? baseDirectory)
    {
        _inputTokens = SyntheticRequestSource.CreateSampler(spec.InputTokens, baseDirectory);
        _outputTokens = SyntheticRequestSource.CreateSampler(spec.OutputTokens, baseDirectory);
        _inputRandom = RandomStream.ForComponent(seed, SyntheticWorkloadSpec.InputTokensStream);
        _outputRandom = RandomStream.ForComponent(seed, SyntheticWorkloadSpec.OutputTokensStream);
        _requests = spec.Requests;
        _thinkTime = spec.ThinkTime;
        var clients = (int)Math.Min(spec.Concurrency, spec.Requests);
        _ready = new Queue<SimTime>(clients);
        for (var i = 0; i < clients; i++)
        {
            _ready.Enqueue(SimTime.Zero);
        }
    }

    /// <summary>Requests handed out so far.</summary>
    public long Sent => _sent;

    /// <inheritdoc />
    public bool AllSent => _sent >= _requests;

    /// <summary>Builds the source for a valid spec; an invalid spec is a caller bug (validate first).</summary>
    public static ClosedLoopRequestSource Create(ClosedLoopWorkloadSpec spec, ulong seed, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid workload spec (validate before creating): " + string.Join("; ", errors), nameof(spec));
        }

        return new ClosedLoopRequestSource(spec, seed, baseDirectory);
    }

    /// <inheritdoc />
    public bool TryNext(out RequestArrival request)
    {
        if (AllSent || !_ready.TryDequeue(out var at))
        {
            request = default;
            return false;
        }

        request = new RequestArrival(_sent, at, _inputTokens.Next(_inputRandom), _outputTokens.Next(_outputRandom), null);
        _sent++;
        return true;
    }

    /// <inheritdoc />
    public void OnRequestEnded(SimTime now)
    {
        // A client whose request ends after the last one was sent has nothing more to send.
        if (_sent + _ready.Count < _requests)
        {
            _ready.Enqueue(now + _thinkTime);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Holds no file or unmanaged resource; present so every source is used the same way.
    }
}
