namespace ClusterSim.Hardware;

/// <summary>
/// The shape-aware GEMM roofline: a GEMM runs as output tiles spread over the streaming multiprocessors in waves, so
/// its compute time is whole waves of whole tiles, and its BF16 output is written after the tiles' main loops.
/// </summary>
/// <remarks>
/// <para>
/// Per call of shape (groups G, rows M, columns N, reduction K) in a format with dense peak P on S SMs:
/// the tile is BM × BN with BM = 64 when M ≤ 64 else 128, and BN the width in 16, 24, …, 128 that gives the fewest
/// waves ⌈G·⌈M/BM⌉·⌈N/BN⌉ / S⌉, then the fullest last wave, then the narrower tile (the selection DeepGEMM's SM90
/// host code makes, deep_gemm/jit_kernels/config.py, read with the search tool). Then
/// </para>
/// <para>
/// compute = waves · 2·BM·BN·K / (P/S · e_c);  input = bytes read / (B · e_m);  output = bytes written / (B · e_m);
/// time = max(compute, input) + output + t₀,
/// </para>
/// <para>
/// with the bytes the operator model counts (weights once per group, activations, output; DeepGEMM's benchmark counts
/// G·(M·K + N·K) FP8 inputs and G·M·N BF16 outputs), B the peak HBM bandwidth and e_c, e_m the hardware file's
/// <c>gemm_tiles</c> efficiencies and t₀ its fixed time per call (pipeline fill and drain, the wave ramp), all three
/// fitted to DeepGEMM's published H800 table (docs/kernels.md). The padding of M to
/// BM and of N to BN, the idle SMs of the last wave, and the output write that does not overlap the main loop are
/// what make small and oddly shaped GEMMs slower than one efficiency scalar says. Allocation-free.
/// </para>
/// </remarks>
public sealed class GemmTileModel
{
    /// <summary>The narrowest tile width DeepGEMM's SM90 heuristic considers.</summary>
    public const int MinTileN = 16;

    /// <summary>The widest tile width it considers.</summary>
    public const int MaxTileN = 128;

    /// <summary>The step between tile widths.</summary>
    public const int TileNStep = 8;

    /// <summary>BF16 output bytes per element, as the GEMMs the tables measure write them.</summary>
    private const double OutputBytes = 2;

    private readonly int sms;
    private readonly double[] nanosecondsPerFlopPerSm;
    private readonly double nanosecondsPerByte;
    private readonly double fixedNanoseconds;

    /// <summary>Builds the model for <paramref name="spec"/>, which must give an SM count and <c>gemm_tiles</c>.</summary>
    /// <exception cref="ArgumentException">When the spec has no SM count or no tile efficiencies.</exception>
    public GemmTileModel(AcceleratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tiles = spec.GemmTiles ?? throw new ArgumentException($"{spec.Name} has no gemm_tiles efficiencies", nameof(spec));
        sms = spec.StreamingMultiprocessors?.Value ?? throw new ArgumentException($"{spec.Name} has no streaming_multiprocessors count", nameof(spec));
        Efficiency = tiles.Efficiency;
        fixedNanoseconds = tiles.FixedPerCall.Value.Nanoseconds;
        var types = Enum.GetValues<DataType>();
        nanosecondsPerFlopPerSm = new double[types.Length];
        Array.Fill(nanosecondsPerFlopPerSm, double.NaN);
        foreach (var (type, peak) in spec.PeakDenseFlops)
        {
            nanosecondsPerFlopPerSm[(int)type] = 1e9 * sms / (peak.Value.FlopsPerSecond * tiles.Efficiency.Compute.Value);
        }

        nanosecondsPerByte = 1e9 / (spec.Hbm.Bandwidth.Value.BytesPerSecond * tiles.Efficiency.Memory.Value);
    }

    /// <summary>The fixed time per call in ns (t₀).</summary>
    public double FixedNanoseconds => fixedNanoseconds;

    /// <summary>The efficiencies applied, with their sources.</summary>
    public OperationEfficiency Efficiency { get; }

    /// <summary>The model for <paramref name="spec"/>, or null when its hardware file lacks the SM count or the tile efficiencies.</summary>
    public static GemmTileModel? For(AcceleratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.GemmTiles is not null && spec.StreamingMultiprocessors is not null ? new GemmTileModel(spec) : null;
    }

    /// <summary>The tile DeepGEMM's heuristic picks for the shape, and the waves it runs in.</summary>
    public (int TileM, int TileN, long Waves) Tile(GemmShape shape)
    {
        var tileM = shape.M <= 64 ? 64 : 128;
        var rowTiles = shape.Groups * Math.Ceiling(shape.M / tileM);
        var bestN = 0;
        long bestWaves = long.MaxValue, bestLast = 0;
        for (var tileN = MinTileN; tileN <= MaxTileN; tileN += TileNStep)
        {
            var tiles = (long)(rowTiles * Math.Ceiling(shape.N / tileN));
            // One division for both: waves = ⌈tiles / S⌉ and the last wave's tiles (S when it is full). Step pricing
            // runs this for every GEMM it has not priced before, so the two divisions it replaces showed in profiles.
            var whole = tiles / sms;
            var rest = tiles - (whole * sms);
            var waves = rest == 0 ? whole : whole + 1;
            var last = rest == 0 ? sms : rest;

            // Fewest waves, then the fullest last wave; ties keep the narrower tile (found first).
            if (waves < bestWaves || (waves == bestWaves && last > bestLast))
            {
                (bestN, bestWaves, bestLast) = (tileN, waves, last);
            }
        }

        return (tileM, bestN, bestWaves);
    }

    /// <summary>Nanoseconds of <paramref name="calls"/> identical calls of <paramref name="shape"/> computing in <paramref name="type"/>.</summary>
    /// <param name="shape">One call's shape (must be known).</param>
    /// <param name="type">The arithmetic's format (selects the peak).</param>
    /// <param name="bytesReadPerCall">HBM bytes one call reads: weights (scales included) and activations.</param>
    /// <param name="bytesWrittenPerCall">HBM bytes one call writes (its output).</param>
    /// <param name="calls">Identical calls (layers).</param>
    /// <param name="computeBound">Whether the main loop is bound by compute rather than by reading its inputs.</param>
    public double Nanoseconds(GemmShape shape, DataType type, double bytesReadPerCall, double bytesWrittenPerCall, double calls, out bool computeBound)
    {
        var perFlop = nanosecondsPerFlopPerSm[(int)type];
        if (double.IsNaN(perFlop))
        {
            throw new NotSupportedException($"no dense {type.Name()} peak for the GEMM tile model");
        }

        var (tileM, tileN, waves) = Tile(shape);
        var compute = waves * 2.0 * tileM * tileN * shape.K * perFlop;
        var input = bytesReadPerCall * nanosecondsPerByte;
        var output = bytesWrittenPerCall * nanosecondsPerByte;
        computeBound = compute >= input;
        return calls * (Math.Max(compute, input) + output + fixedNanoseconds);
    }

    /// <summary>The bytes one call of <paramref name="shape"/> moves as the kernel benchmarks count them: inputs in <paramref name="inputBytes"/> per element, BF16 output.</summary>
    public static (double Read, double Written) BenchmarkBytes(GemmShape shape, double inputBytes) =>
        (shape.Groups * ((shape.M * shape.K) + (shape.N * shape.K)) * inputBytes, shape.Groups * shape.M * shape.N * OutputBytes);
}
