using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>
/// The rows of one class on one accelerator, organised at load for allocation-free lookup: per (format, link)
/// variant a tree with one level per shape key, each level holding the sorted distinct key values and their
/// logarithms. A shape is answered exactly when every key hits a stored value; otherwise, at each level whose key
/// falls strictly between two stored values (or hits a stored value whose sub-table cannot answer), the answers of
/// the two neighbouring stored values are blended linearly in log(value) against log(key) (tensor-product,
/// piecewise log-log interpolation). Outside the stored range of any level, across a gap wider than
/// <see cref="MaxBracketRatio"/>, or when a neighbour's sub-table has no value, the answer is
/// <see cref="KernelEstimate.None"/>: the table never extrapolates.
/// </summary>
public sealed class KernelTable
{
    private readonly Variant[] variants;

    /// <summary>Builds the table; rows must share the class and be unique per (format, link, shape).</summary>
    /// <exception cref="ArgumentException">On mixed classes or duplicate shapes (the reader reports those as input errors first).</exception>
    public KernelTable(KernelClass kernel, IReadOnlyList<KernelRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Class = kernel;
        Rows = rows;
        if (rows.Any(r => r.Class != kernel))
        {
            throw new ArgumentException($"every row of a {kernel.FileName()} table must be of that class", nameof(rows));
        }

        variants = rows.GroupBy(r => (r.Format, r.Link))
            .Select(g => new Variant(g.Key.Format, g.Key.Link, Build(g.ToArray(), 0)))
            .ToArray();
    }

    /// <summary>
    /// The widest gap interpolated across: the two stored keys around a query may be at most this factor apart. A
    /// kernel can change regime inside a wider gap (a GEMM from weight streaming to compute-bound between m = 64 and
    /// m = 4096), which a straight line in log-log space cannot follow; such shapes get no table value.
    /// </summary>
    public const double MaxBracketRatio = 8;

    /// <summary>The kernel class.</summary>
    public KernelClass Class { get; }

    /// <summary>The rows as read, in file order.</summary>
    public IReadOnlyList<KernelRow> Rows { get; }

    /// <summary>
    /// The table's value for a shape (keys in the class's key order): measured, interpolated, or none. Allocates
    /// nothing; the work is at most two sub-lookups per key.
    /// </summary>
    public KernelEstimate Lookup(DataType format, KernelLink link, ReadOnlySpan<double> shape)
    {
        if (shape.Length != Class.Keys().Count)
        {
            throw new ArgumentException($"a {Class.FileName()} shape has {Class.Keys().Count} keys, got {shape.Length}", nameof(shape));
        }

        foreach (var v in variants)
        {
            if (v.Format != format || v.Link != link)
            {
                continue;
            }

            var exact = true;
            if (!Evaluate(v.Root, shape, 0, ref exact, out var value))
            {
                return KernelEstimate.None;
            }

            return exact
                ? new KernelEstimate(KernelProvenance.Measured, value.Time, value.Tflops, value.Gbps, value.Row)
                : new KernelEstimate(KernelProvenance.Interpolated, Math.Exp(value.Time), Math.Exp(value.Tflops), Math.Exp(value.Gbps), null);
        }

        return KernelEstimate.None;
    }

    // Leaves return the row's own figures (exact) and, once any level interpolates, everything is carried in logs.
    private static bool Evaluate(Node node, ReadOnlySpan<double> shape, int depth, ref bool exact, out Figures value)
    {
        if (node.Row is not null)
        {
            value = exact ? Figures.Of(node.Row) : Figures.LogOf(node.Row);
            return true;
        }

        var q = shape[depth];
        var i = Array.BinarySearch(node.Keys, q);
        int lower, upper;
        if (i >= 0)
        {
            // A stored key whose sub-table cannot answer (scattered rows) falls back to its two neighbours.
            var before = exact;
            if (Evaluate(node.Children[i], shape, depth + 1, ref exact, out value))
            {
                return true;
            }

            exact = before;
            (lower, upper) = (i - 1, i + 1);
        }
        else
        {
            (lower, upper) = (~i - 1, ~i);
        }

        if (lower < 0 || upper >= node.Keys.Length || q <= 0 || node.Keys[upper] > MaxBracketRatio * node.Keys[lower])
        {
            value = default;
            return false;
        }

        exact = false;
        if (!Evaluate(node.Children[lower], shape, depth + 1, ref exact, out var low) ||
            !Evaluate(node.Children[upper], shape, depth + 1, ref exact, out var high))
        {
            value = default;
            return false;
        }

        var w = (Math.Log(q) - node.LogKeys[lower]) / (node.LogKeys[upper] - node.LogKeys[lower]);
        value = Figures.Blend(low, high, w);
        return true;
    }

    private static Node Build(KernelRow[] rows, int depth)
    {
        if (depth == rows[0].Shape.Count)
        {
            if (rows.Length > 1)
            {
                throw new ArgumentException($"duplicate shape {rows[0].ShapeText} at lines {rows[0].Line} and {rows[1].Line}");
            }

            return new Node([], [], [], rows[0]);
        }

        var groups = rows.GroupBy(r => r.Shape[depth]).OrderBy(g => g.Key).ToArray();
        return new Node(
            groups.Select(g => g.Key).ToArray(),
            groups.Select(g => Math.Log(g.Key)).ToArray(),
            groups.Select(g => Build(g.ToArray(), depth + 1)).ToArray(),
            null);
    }

    private sealed record Variant(DataType Format, KernelLink Link, Node Root);

    private sealed record Node(double[] Keys, double[] LogKeys, Node[] Children, KernelRow? Row);

    private readonly record struct Figures(double Time, double Tflops, double Gbps, KernelRow? Row)
    {
        public static Figures Of(KernelRow r) => new(r.TimeUs, r.Tflops, r.Gbps, r);

        // Log of NaN stays NaN, so a figure missing at any corner stays missing in the blend.
        public static Figures LogOf(KernelRow r) => new(Math.Log(r.TimeUs), Math.Log(r.Tflops), Math.Log(r.Gbps), null);

        public static Figures Blend(Figures a, Figures b, double w) =>
            new(a.Time + (w * (b.Time - a.Time)), a.Tflops + (w * (b.Tflops - a.Tflops)), a.Gbps + (w * (b.Gbps - a.Gbps)), null);
    }
}
