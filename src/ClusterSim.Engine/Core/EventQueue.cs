namespace ClusterSim.Engine;

/// <summary>One scheduled event: its sort key (time, order) and the slot holding its handler and argument.</summary>
/// <remarks>
/// Implementation note: the entry holds no object reference. Moving a struct with a reference inside a heap
/// array costs a GC write barrier per move (about a fifth of the run time when measured); keeping handlers in
/// a side table indexed by <see cref="Slot"/> leaves one barrier per event, at push. The argument lives there
/// too: it is read once, when the event fires, while the key moves log(n) times, and 24 bytes per entry instead
/// of 32 puts a node's four children in fewer cache lines.
/// </remarks>
internal struct QueueEntry
{
    public long Time;
    public ulong Order;
    public int Slot;

    public QueueEntry(long time, ulong order, int slot)
    {
        Time = time;
        Order = order;
        Slot = slot;
    }

    public readonly bool PrecedesOrEquals(long time, ulong order) => Time < time || (Time == time && Order <= order);
}

/// <summary>
/// The pending events: a 4-ary min-heap of struct entries plus a FIFO ring for events scheduled at the
/// current instant with the default priority.
/// </summary>
/// <remarks>
/// Implementation note: a 4-ary heap halves the depth of a binary one and keeps the four children of a
/// node in one or two cache lines, which pays off because pops dominate. The ring is exact, not an
/// approximation: its entries share (time, priority) and arrive in sequence order, so merging its head
/// with the heap's top by the full key yields the same order as the heap alone, without the log(n) work.
/// </remarks>
internal sealed class EventQueue
{
    private QueueEntry[] _heap = new QueueEntry[64];
    private int _heapCount;
    private QueueEntry[] _ring = new QueueEntry[64];
    private int _ringHead;
    private int _ringCount;
    private Parked[] _parked = new Parked[128];
    private int[] _freeSlots = new int[128];
    private int _freeCount;
    private int _slotsUsed;

    public int Count => _heapCount + _ringCount;

    /// <summary>Stores a handler and its argument in a free slot and returns the slot's index.</summary>
    public int Park(IEventHandler handler, long arg)
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _freeSlots[--_freeCount];
        }
        else
        {
            if (_slotsUsed == _parked.Length)
            {
                Array.Resize(ref _parked, _parked.Length * 2);
                Array.Resize(ref _freeSlots, _freeSlots.Length * 2);
            }

            slot = _slotsUsed++;
        }

        ref var parked = ref _parked[slot];
        parked.Handler = handler;
        parked.Arg = arg;
        return slot;
    }

    /// <summary>Takes the handler and argument out of a popped entry's slot and frees the slot.</summary>
    public IEventHandler Unpark(int slot, out long arg)
    {
        ref var parked = ref _parked[slot];
        var handler = parked.Handler!;
        arg = parked.Arg;
        parked.Handler = null;
        _freeSlots[_freeCount++] = slot;
        return handler;
    }

    public void PushHeap(in QueueEntry entry)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var heap = _heap;
        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            ref var p = ref heap[parent];
            if (p.Time < entry.Time || (p.Time == entry.Time && p.Order < entry.Order))
            {
                break;
            }

            heap[i] = p;
            i = parent;
        }

        heap[i] = entry;
    }

    /// <summary>Appends an entry whose key is larger than every key already in the ring.</summary>
    public void PushRing(in QueueEntry entry)
    {
        if (_ringCount == _ring.Length)
        {
            var bigger = new QueueEntry[_ring.Length * 2];
            for (var k = 0; k < _ringCount; k++)
            {
                bigger[k] = _ring[(_ringHead + k) & (_ring.Length - 1)];
            }

            _ring = bigger;
            _ringHead = 0;
        }

        _ring[(_ringHead + _ringCount) & (_ring.Length - 1)] = entry;
        _ringCount++;
    }

    /// <summary>The smallest key without removing it; false when empty.</summary>
    public bool TryPeek(out long time, out ulong order)
    {
        if (_ringCount > 0)
        {
            ref var r = ref _ring[_ringHead];
            if (_heapCount == 0 || r.PrecedesOrEquals(_heap[0].Time, _heap[0].Order))
            {
                time = r.Time;
                order = r.Order;
                return true;
            }
        }

        if (_heapCount > 0)
        {
            time = _heap[0].Time;
            order = _heap[0].Order;
            return true;
        }

        time = 0;
        order = 0;
        return false;
    }

    /// <summary>Removes the entry with the smallest key if its time is before <paramref name="untilExclusive"/>.</summary>
    public bool TryPop(long untilExclusive, out QueueEntry entry)
    {
        if (_ringCount > 0)
        {
            ref var r = ref _ring[_ringHead];
            if (_heapCount == 0 || r.PrecedesOrEquals(_heap[0].Time, _heap[0].Order))
            {
                if (r.Time >= untilExclusive)
                {
                    entry = default;
                    return false;
                }

                entry = r;
                _ringHead = (_ringHead + 1) & (_ring.Length - 1);
                _ringCount--;
                return true;
            }
        }

        if (_heapCount == 0 || _heap[0].Time >= untilExclusive)
        {
            entry = default;
            return false;
        }

        entry = PopHeap();
        return true;
    }

    /// <summary>Removes and returns the entry with the smallest key; the queue must not be empty.</summary>
    public QueueEntry Pop()
    {
        if (!TryPop(long.MaxValue, out var entry))
        {
            throw new InvalidOperationException("The event queue is empty.");
        }

        return entry;
    }

    /// <remarks>
    /// Bottom-up deletion (Floyd): the hole left by the top walks down to a leaf along the smallest children, then
    /// the former last entry climbs back from there. The last entry almost always belongs near the bottom, so this
    /// saves the comparison against it on every level of the way down. Keys are unique (the order carries a
    /// sequence number), so the entry popped next is the same as with any other correct heap.
    /// </remarks>
    private QueueEntry PopHeap()
    {
        var heap = _heap;
        var top = heap[0];
        var n = --_heapCount;
        var last = heap[n];
        if (n == 0)
        {
            return top;
        }

        var i = 0;
        while (true)
        {
            var child = (i << 2) + 1;
            if (child >= n)
            {
                break;
            }

            // Track the best child's key in locals: fewer loads than re-reading heap[best] per comparison.
            var best = child;
            var bestTime = heap[child].Time;
            var bestOrder = heap[child].Order;
            var end = child + 4 < n ? child + 4 : n;
            for (var c = child + 1; c < end; c++)
            {
                ref var e = ref heap[c];
                if (e.Time < bestTime || (e.Time == bestTime && e.Order < bestOrder))
                {
                    best = c;
                    bestTime = e.Time;
                    bestOrder = e.Order;
                }
            }

            heap[i] = heap[best];
            i = best;
        }

        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            ref var p = ref heap[parent];
            if (p.Time < last.Time || (p.Time == last.Time && p.Order < last.Order))
            {
                break;
            }

            heap[i] = p;
            i = parent;
        }

        heap[i] = last;
        return top;
    }

    /// <summary>A parked handler and the argument it is called with.</summary>
    private struct Parked
    {
        public IEventHandler? Handler;
        public long Arg;
    }
}
