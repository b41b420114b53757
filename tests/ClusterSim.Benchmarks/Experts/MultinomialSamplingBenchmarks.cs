using BenchmarkDotNet.Attributes;
using ClusterSim.Engine.Random;

namespace ClusterSim.Benchmarks.Experts;

/// <summary>
/// One MoE layer's routing draw over DeepSeek-V3's 256 experts: the engine's uncached conditional-binomial chain
/// (<see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/>, every binomial redoing its
/// logarithms, waiting times below n·p = 10) against <see cref="MultinomialSampler"/> as routing uses it (warm
/// tables). 64 copies (8 tokens, top-8) is n·p about 0.25 per expert, 512 about 2, 2,400 about 9.4, 4,096 16 (the
/// sampler's last per-copy alias case), 8,192 32 and 32,768 128. "lognormal" is the default routing skew (σ = 1.01).
/// Public API only, so the same file measures an older sampler.
/// </summary>
[MemoryDiagnoser]
public class MultinomialSamplingBenchmarks
{
    private readonly long[] _counts = new long[256];
    private readonly RandomStream _uncachedStream = new(3);
    private readonly RandomStream _cachedStream = new(3);
    private readonly MultinomialSampler _sampler = new(256);
    private double[] _weights = [];

    /// <summary>Token copies per layer (tokens × k).</summary>
    [Params(64, 512, 2_400, 4_096, 8_192, 32_768)]
    public long Copies { get; set; }

    /// <summary>Popularity: uniform, Zipf with exponent 1 over shuffled ranks, or log-normal with σ = 1.01.</summary>
    [Params("uniform", "zipf", "lognormal")]
    public string Popularity { get; set; } = "uniform";

    [GlobalSetup]
    public void Setup()
    {
        var shuffle = new RandomStream(1);
        _weights = Popularity == "lognormal"
            ? Enumerable.Range(0, 256).Select(_ => shuffle.LogNormal(0, 1.01)).ToArray()
            : Enumerable.Range(1, 256).Select(i => Popularity == "uniform" ? 1.0 / 256 : 1.0 / i).ToArray();
        for (var i = _weights.Length - 1; i > 0; i--)
        {
            var j = shuffle.NextInt(i + 1);
            (_weights[i], _weights[j]) = (_weights[j], _weights[i]);
        }
    }

    /// <summary>The chain as routing drew it before: every binomial computes its own set-up.</summary>
    [Benchmark(Baseline = true)]
    public long Uncached()
    {
        _uncachedStream.Multinomial(Copies, _weights, _counts);
        return _counts[0];
    }

    /// <summary>The routing sampler with its tables warm.</summary>
    [Benchmark]
    public long Cached()
    {
        _sampler.Sample(_cachedStream, Copies, _weights, _counts);
        return _counts[0];
    }
}
