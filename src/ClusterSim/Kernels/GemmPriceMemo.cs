using System.Runtime.CompilerServices;
using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>How a memoised GEMM price was obtained, which decides how it scales with the calls.</summary>
internal enum GemmPriceKind : byte
{
    /// <summary>No entry in this slot.</summary>
    Empty,

    /// <summary>A kernel table's time per call, in µs.</summary>
    Table,

    /// <summary>The tile model's time of one call, in ns.</summary>
    TileModel,

    /// <summary>Neither a table nor the tile model prices it (the caller uses the plain roofline).</summary>
    Unpriced,
}

/// <summary>
/// What <see cref="GemmPricer"/> worked out for one call of one exact GEMM (shape, format, bytes per call): the table's
/// µs per call or the tile model's ns per call, the compute/memory verdict and the table's provenance.
/// </summary>
internal readonly record struct GemmPerCall(GemmPriceKind Kind, double Value, bool ComputeBound, KernelProvenance Provenance);

/// <summary>
/// A fixed-size, direct-mapped memo of <see cref="GemmPricer"/>'s per-call prices, keyed by everything the price
/// depends on except the number of calls: the shape (groups, M, N, K), the format and the HBM bytes one call reads
/// and writes. A step prices the same GEMMs on every rank, layer kind and step (the attention side's shapes depend
/// only on a rank's token count, the experts' on its routed copies), and the tile model's search over 15 tile widths
/// dominated step pricing at scale. A hit is an exact match of every key field, so it returns the very doubles the
/// uncached computation gives; a collision overwrites the slot. Allocated once; lookups allocate nothing.
/// </summary>
internal sealed class GemmPriceMemo
{
    /// <summary>Slots per pricer: enough for the distinct shapes of one pool's steps, about 330 KB (one per pool).</summary>
    public const int DefaultSlots = 4096;

    private readonly Entry[] entries;
    private readonly int shift;

    /// <summary>A memo of <paramref name="slots"/> slots (a power of two, at least 2).</summary>
    public GemmPriceMemo(int slots = DefaultSlots)
    {
        if (slots < 2 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "the slot count must be a power of two, at least 2");
        }

        entries = new Entry[slots];
        shift = 64 - System.Numerics.BitOperations.Log2((uint)slots);
    }

    /// <summary>Lookups answered from the memo.</summary>
    public long Hits { get; private set; }

    /// <summary>Lookups that had to be priced.</summary>
    public long Misses { get; private set; }

    /// <summary>The memoised price of one call of this GEMM, if its slot holds exactly this key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(in GemmShape shape, DataType type, double bytesRead, double bytesWritten, out GemmPerCall value)
    {
        ref var e = ref entries[Slot(shape, type, bytesRead, bytesWritten)];
        // M first: it is what differs between the GEMMs of one operator; an empty slot never matches (its key is all zero
        // and a known GEMM's N is positive).
        if (e.M == shape.M && e.N == shape.N && e.K == shape.K && e.Groups == shape.Groups && e.BytesRead == bytesRead
            && e.BytesWritten == bytesWritten && e.Type == type && e.Value.Kind != GemmPriceKind.Empty)
        {
            Hits++;
            value = e.Value;
            return true;
        }

        Misses++;
        value = default;
        return false;
    }

    /// <summary>Remembers the price of one call of this GEMM (replacing whatever shared its slot).</summary>
    public void Set(in GemmShape shape, DataType type, double bytesRead, double bytesWritten, GemmPerCall value)
    {
        ref var e = ref entries[Slot(shape, type, bytesRead, bytesWritten)];
        e = new Entry(shape.Groups, shape.M, shape.N, shape.K, bytesRead, bytesWritten, type, value);
    }

    // A fixed mix of the key's bits (not HashCode, whose seed changes per process): the same slots in every run. The
    // products are independent (they pipeline); an odd multiplier carries every bit upwards, so the top bits are kept.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(in GemmShape shape, DataType type, double bytesRead, double bytesWritten)
    {
        var h = (BitConverter.DoubleToUInt64Bits(shape.Groups) * 0x9E3779B97F4A7C15UL)
            + (BitConverter.DoubleToUInt64Bits(shape.M) * 0xBF58476D1CE4E5B9UL)
            + (BitConverter.DoubleToUInt64Bits(shape.N) * 0x94D049BB133111EBUL)
            + (BitConverter.DoubleToUInt64Bits(shape.K) * 0xD6E8FEB86659FD93UL)
            + (BitConverter.DoubleToUInt64Bits(bytesRead) * 0xA0761D6478BD642FUL)
            + (BitConverter.DoubleToUInt64Bits(bytesWritten) * 0xE7037ED1A0B428DBUL)
            + ((ulong)type * 0x8EBC6AF09C88C6E3UL);
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h >> shift);
    }

    private readonly record struct Entry(double Groups, double M, double N, double K, double BytesRead, double BytesWritten, DataType Type, GemmPerCall Value);
}
