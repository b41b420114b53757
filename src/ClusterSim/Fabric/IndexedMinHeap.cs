using System.Numerics;

namespace ClusterSim.Fabric;

/// <summary>A binary min-heap of item ids (0..capacity) keyed by <typeparamref name="TKey"/>, with O(log n) key changes and removal.</summary>
/// <remarks>Implementation note: positions are kept per item so a flow's next event (or a link's fair share) moves in place.</remarks>
internal sealed class IndexedMinHeap<TKey>
    where TKey : struct, IComparisonOperators<TKey, TKey, bool>
{
    private int[] _heap = new int[16];
    private TKey[] _keys = new TKey[16];
    private int[] _position = Enumerable.Repeat(-1, 16).ToArray();

    public int Count { get; private set; }

    public TKey MinKey => _keys[_heap[0]];

    public int MinItem => _heap[0];

    public bool Contains(int item) => item < _position.Length && _position[item] >= 0;

    public void Clear()
    {
        for (var i = 0; i < Count; i++)
        {
            _position[_heap[i]] = -1;
        }

        Count = 0;
    }

    public void Set(int item, TKey key)
    {
        EnsureItem(item);
        var pos = _position[item];
        if (pos < 0)
        {
            if (Count == _heap.Length)
            {
                Array.Resize(ref _heap, _heap.Length * 2);
            }

            _keys[item] = key;
            _heap[Count] = item;
            _position[item] = Count;
            Count++;
            SiftUp(Count - 1);
            return;
        }

        var old = _keys[item];
        _keys[item] = key;
        if (key < old)
        {
            SiftUp(pos);
        }
        else if (key > old)
        {
            SiftDown(pos);
        }
    }

    public int Pop()
    {
        var item = _heap[0];
        RemoveAt(0);
        return item;
    }

    public void Remove(int item)
    {
        if (Contains(item))
        {
            RemoveAt(_position[item]);
        }
    }

    private void RemoveAt(int pos)
    {
        var item = _heap[pos];
        _position[item] = -1;
        Count--;
        if (pos == Count)
        {
            return;
        }

        var last = _heap[Count];
        _heap[pos] = last;
        _position[last] = pos;
        SiftUp(pos);
        SiftDown(_position[last]);
    }

    private void EnsureItem(int item)
    {
        if (item < _position.Length)
        {
            return;
        }

        var size = Math.Max(item + 1, _position.Length * 2);
        var old = _position.Length;
        Array.Resize(ref _position, size);
        Array.Resize(ref _keys, size);
        _position.AsSpan(old).Fill(-1);
    }

    private void SiftUp(int pos)
    {
        var item = _heap[pos];
        var key = _keys[item];
        while (pos > 0)
        {
            var parent = (pos - 1) >> 1;
            var parentItem = _heap[parent];
            if (_keys[parentItem] <= key)
            {
                break;
            }

            _heap[pos] = parentItem;
            _position[parentItem] = pos;
            pos = parent;
        }

        _heap[pos] = item;
        _position[item] = pos;
    }

    private void SiftDown(int pos)
    {
        var item = _heap[pos];
        var key = _keys[item];
        while (true)
        {
            var child = (2 * pos) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _keys[_heap[child + 1]] < _keys[_heap[child]])
            {
                child++;
            }

            var childItem = _heap[child];
            if (_keys[childItem] >= key)
            {
                break;
            }

            _heap[pos] = childItem;
            _position[childItem] = pos;
            pos = child;
        }

        _heap[pos] = item;
        _position[item] = pos;
    }
}
