using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// The contention-free transport: an <see cref="IKvTransferPricer"/> prices each transfer alone and one engine event
/// per transfer marks its end, so concurrent transfers never slow each other.
/// </summary>
public sealed class PricedKvTransport : IKvTransport, IEventHandler
{
    private readonly Simulation _simulation;
    private readonly IKvTransferPricer _pricer;
    private readonly Func<RequestState, double>? _bytesOf;
    private readonly KvTransferTimes _times = new();
    private readonly List<(EventHandle Event, SimTime Start, double Bytes)> _inFlight = [];
    private IKvTransferSink? _sink;
    private long _abandoned;

    /// <summary>A transport pricing with <paramref name="pricer"/>; <paramref name="bytesOf"/> (optional) counts the bytes moved.</summary>
    public PricedKvTransport(Simulation simulation, IKvTransferPricer pricer, Func<RequestState, double>? bytesOf = null)
    {
        _simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
        _pricer = pricer ?? throw new ArgumentNullException(nameof(pricer));
        _bytesOf = bytesOf;
    }

    /// <inheritdoc />
    public void Attach(IKvTransferSink sink) => _sink = sink ?? throw new ArgumentNullException(nameof(sink));

    /// <inheritdoc />
    public void Begin(int transfer, RequestState request, int prefillInstance, RouteTarget target)
    {
        while (_inFlight.Count <= transfer)
        {
            _inFlight.Add((EventHandle.None, SimTime.Zero, 0));
        }

        var handle = _simulation.Schedule(_pricer.Price(request, prefillInstance, target.Instance), this, transfer);
        _inFlight[transfer] = (handle, _simulation.Now, _bytesOf?.Invoke(request) ?? 0);
    }

    /// <inheritdoc />
    public void Abandon()
    {
        for (var i = 0; i < _inFlight.Count; i++)
        {
            if (_inFlight[i].Event.IsValid)
            {
                _simulation.Cancel(_inFlight[i].Event);
                _inFlight[i] = (EventHandle.None, SimTime.Zero, 0);
                _abandoned++;
            }
        }
    }

    /// <inheritdoc />
    public KvTransferSummary Summarize() => _times.Summarize("priced", _abandoned);

    /// <inheritdoc />
    void IEventHandler.OnEvent(Simulation simulation, long arg)
    {
        var transfer = (int)arg;
        var (_, start, bytes) = _inFlight[transfer];
        _inFlight[transfer] = (EventHandle.None, SimTime.Zero, 0);
        _times.Add(bytes, simulation.Now - start);
        _sink!.OnKvTransferred(transfer);
    }
}
