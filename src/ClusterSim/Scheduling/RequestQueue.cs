
namespace ClusterSim.Scheduling;

/// <summary>
/// A FIFO of waiting requests that also takes requests back at the front (a preempted request resumes before
/// newer arrivals, as vLLM does). A ring buffer: no allocation once it has grown to its working size.
/// </summary>
public sealed class RequestQueue
{
    private RequestState?[] _items = new RequestState?[64];
    private int _head;

    /// <summary>Requests waiting.</summary>
    public int Count { get; private set; }

    /// <summary>The request at the front; throws when empty.</summary>
    public RequestState Peek() => Count > 0 ? _items[_head]! : throw new InvalidOperationException("queue is empty");

    /// <summary>The request at position <paramref name="index"/> from the front.</summary>
    public RequestState this[int index] => _items[(_head + index) & (_items.Length - 1)]!;

    /// <summary>Appends at the back (a new arrival).</summary>
    public void Enqueue(RequestState request)
    {
        Grow();
        _items[(_head + Count) & (_items.Length - 1)] = request;
        Count++;
    }

    /// <summary>Puts a request back at the front (a preempted one).</summary>
    public void PushFront(RequestState request)
    {
        Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = request;
        Count++;
    }

    /// <summary>Removes and returns the front request.</summary>
    public RequestState Dequeue()
    {
        var item = Peek();
        _items[_head] = null;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return item;
    }

    /// <summary>Removes the request at <paramref name="index"/> from the front, keeping the order of the rest.</summary>
    public RequestState RemoveAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var mask = _items.Length - 1;
        var item = this[index];
        for (var i = index; i < Count - 1; i++)
        {
            _items[(_head + i) & mask] = _items[(_head + i + 1) & mask];
        }

        _items[(_head + Count - 1) & mask] = null;
        Count--;
        return item;
    }

    private void Grow()
    {
        if (Count < _items.Length)
        {
            return;
        }

        // Capacity stays a power of two so positions wrap with a mask.
        var bigger = new RequestState?[_items.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}
