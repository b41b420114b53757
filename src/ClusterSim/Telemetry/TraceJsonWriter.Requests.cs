using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Telemetry;

/// <summary>The request part of trace.json: each request's lifetime as async spans, and preemptions as instants.</summary>
public sealed partial class TraceJsonWriter
{
    /// <inheritdoc />
    public void OnPreempted(RequestState request)
    {
        if (!_options.Overlaps(_now, _now) || !Reserve(1))
        {
            return;
        }

        // An instant on the request's own async track: where its lifetime restarted.
        _json.WriteStartObject();
        _json.WriteString("ph", "n");
        _json.WriteString("cat", "request");
        _json.WriteString("name", "preempted");
        _json.WriteNumber("id", request.Id);
        _json.WriteNumber("pid", RequestsPid);
        _json.WriteNumber("tid", 0);
        Ts(_now);
        _json.WriteEndObject();
        FlushIfFull();
    }

    /// <inheritdoc />
    public void OnCompleted(RequestState request)
    {
        Tick(request.Finished);
        if (!_options.Overlaps(request.Arrival, request.Finished))
        {
            return;
        }

        var scheduled = Clamp(request.FirstScheduled, request.Arrival, request.Finished);
        var first = Clamp(request.FirstToken, scheduled, request.Finished);
        var phases = request.FirstScheduled == SimTime.MaxValue
            ? 4
            : 4 + (scheduled > request.Arrival ? 2 : 0) + (request.FirstToken != SimTime.MaxValue ? 2 : 0);
        if (!Reserve(phases))
        {
            return;
        }

        var dropped = request.Phase == RequestPhase.Dropped;
        Async("b", "request " + request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), request, request.Arrival, withArgs: true);
        if (request.FirstScheduled == SimTime.MaxValue)
        {
            // Dropped before it was ever admitted: the whole lifetime was queueing.
            Async("b", "queue", request, request.Arrival);
            Async("e", "queue", request, request.Finished);
        }
        else
        {
            if (scheduled > request.Arrival)
            {
                Async("b", "queue", request, request.Arrival);
                Async("e", "queue", request, scheduled);
            }

            Async("b", "prefill", request, scheduled);
            Async("e", "prefill", request, first);
            if (request.FirstToken != SimTime.MaxValue)
            {
                Async("b", dropped ? "decode (dropped)" : "decode", request, first);
                Async("e", dropped ? "decode (dropped)" : "decode", request, request.Finished);
            }
        }

        Async("e", "request " + request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), request, request.Finished);
        FlushIfFull();
    }

    private static SimTime Clamp(SimTime t, SimTime low, SimTime high) => t < low ? low : t > high ? high : t;

    private void Async(string ph, string name, RequestState request, SimTime at, bool withArgs = false)
    {
        _json.WriteStartObject();
        _json.WriteString("ph", ph);
        _json.WriteString("cat", "request");
        _json.WriteString("name", name);
        _json.WriteNumber("id", request.Id);
        _json.WriteNumber("pid", RequestsPid);
        _json.WriteNumber("tid", 0);
        Ts(at);
        if (withArgs)
        {
            _json.WriteStartObject("args");
            _json.WriteString("status", request.Phase == RequestPhase.Dropped ? "dropped" : "completed");
            _json.WriteNumber("input_tokens", request.InputTokens);
            _json.WriteNumber("output_tokens", request.GeneratedTokens);
            _json.WriteNumber("instance", request.Instance);
            _json.WriteNumber("preemptions", request.Preemptions);
            if (request.DropReason is { } reason)
            {
                _json.WriteString("drop_reason", reason);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndObject();
    }
}
