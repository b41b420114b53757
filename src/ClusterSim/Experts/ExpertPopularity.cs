using ClusterSim.Engine;
using ClusterSim.Engine.Random;

namespace ClusterSim.Experts;

/// <summary>
/// Popularity of every routed expert in every MoE layer, and how it drifts over simulated time. Each layer has its
/// own vector (skewed layers differ in which experts are hot); weights sum to 1 per layer at time zero.
/// </summary>
/// <remarks>
/// Implementation note: drift is applied lazily, per layer, when that layer is next sampled, so its cost is
/// O(experts) per sampled layer and nothing is allocated after construction.
/// </remarks>
public sealed class ExpertPopularity
{
    private readonly double[][] _initial;
    private readonly double[][] _current;
    private readonly double[][] _logWeights;
    private readonly int[][] _initialRank;
    private readonly double[][] _sortedWeights;
    private readonly long[] _shift;
    private readonly SimTime[] _updated;
    private readonly DriftKind _drift;
    private readonly double _driftRate;
    private readonly RandomStream _random;

    private ExpertPopularity(double[][] initial, DriftKind drift, double driftRate, RandomStream random)
    {
        _initial = initial;
        _drift = drift;
        _driftRate = driftRate;
        _random = random;
        _current = initial.Select(w => (double[])w.Clone()).ToArray();
        _logWeights = drift == DriftKind.RandomWalk ? initial.Select(w => w.Select(x => Math.Log(Math.Max(x, 1e-300))).ToArray()).ToArray() : [];
        _initialRank = drift == DriftKind.Rotate ? initial.Select(RanksOf).ToArray() : [];
        _sortedWeights = drift == DriftKind.Rotate ? initial.Select(w => w.OrderByDescending(x => x).ToArray()).ToArray() : [];
        _shift = new long[initial.Length];
        _updated = new SimTime[initial.Length];
    }

    /// <summary>Routed experts per layer.</summary>
    public int Experts => _initial[0].Length;

    /// <summary>MoE layers.</summary>
    public int Layers => _initial.Length;

    /// <summary>
    /// Builds the popularity of <paramref name="moeLayers"/> layers of <paramref name="experts"/> experts;
    /// <paramref name="random"/> shuffles Zipf ranks, draws log-normal weights and drives the random walk.
    /// </summary>
    public static ExpertPopularity Create(ExpertRoutingSpec spec, int experts, int moeLayers, RandomStream random, ExpertHistogram? histogram = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(moeLayers, 1);
        var layers = new double[moeLayers][];
        for (var l = 0; l < moeLayers; l++)
        {
            layers[l] = spec.Popularity switch
            {
                PopularityKind.Uniform => Enumerable.Repeat(1.0 / experts, experts).ToArray(),
                PopularityKind.Zipf => Normalise(ShuffledZipf(experts, spec.ZipfExponent, random)),
                PopularityKind.LogNormal => Normalise(Enumerable.Range(0, experts).Select(_ => random.LogNormal(0, spec.Sigma)).ToArray()),
                PopularityKind.Empirical => (histogram ?? throw new ArgumentNullException(nameof(histogram), "empirical routing needs its histogram")).PopularityOf(l, experts),
                _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Popularity, "unknown popularity"),
            };
        }

        return new ExpertPopularity(layers, spec.Drift, spec.DriftRate, random);
    }

    /// <summary>A fixed popularity given directly (one vector per layer), for tests and tools.</summary>
    public static ExpertPopularity Fixed(params double[][] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers.Length, 1);
        return new ExpertPopularity(layers.Select(l => Normalise((double[])l.Clone())).ToArray(), DriftKind.None, 0, new RandomStream(0));
    }

    /// <summary>The popularity at time zero (what an offline profile would show); sums to 1.</summary>
    public ReadOnlySpan<double> Initial(int layer) => _initial[layer];

    /// <summary>The popularity of <paramref name="layer"/> at <paramref name="now"/> (drift applied); valid until the next call.</summary>
    public ReadOnlySpan<double> At(int layer, SimTime now)
    {
        switch (_drift)
        {
            case DriftKind.Rotate:
                Rotate(layer, now);
                break;
            case DriftKind.RandomWalk:
                Walk(layer, now);
                break;
        }

        return _current[layer];
    }

    private void Rotate(int layer, SimTime now)
    {
        var experts = Experts;
        var shift = (long)Math.Floor(_driftRate * now.TotalSeconds) % experts;
        if (shift == _shift[layer])
        {
            return;
        }

        _shift[layer] = shift;
        var rank = _initialRank[layer];
        var sorted = _sortedWeights[layer];
        var current = _current[layer];
        for (var e = 0; e < experts; e++)
        {
            current[e] = sorted[(int)((rank[e] + shift) % experts)];
        }
    }

    /// <summary>Popularity rank of each expert (0 = most popular; ties by index).</summary>
    private static int[] RanksOf(double[] weights)
    {
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(e => weights[e]).ThenBy(e => e).ToArray();
        var rank = new int[weights.Length];
        for (var r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r;
        }

        return rank;
    }

    private void Walk(int layer, SimTime now)
    {
        var seconds = (now - _updated[layer]).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        _updated[layer] = now;
        var sigma = _driftRate * Math.Sqrt(seconds);
        var logs = _logWeights[layer];
        var current = _current[layer];
        double max = double.NegativeInfinity;
        for (var e = 0; e < logs.Length; e++)
        {
            logs[e] += _random.Normal(0, sigma);
            max = Math.Max(max, logs[e]);
        }

        // Weights are relative: subtracting the maximum keeps exp() finite however long the walk runs.
        double sum = 0;
        for (var e = 0; e < logs.Length; e++)
        {
            logs[e] -= max;
            current[e] = Math.Exp(logs[e]);
            sum += current[e];
        }

        for (var e = 0; e < logs.Length; e++)
        {
            current[e] /= sum;
        }
    }

    private static double[] ShuffledZipf(int experts, double s, RandomStream random)
    {
        var weights = new double[experts];
        for (var i = 0; i < experts; i++)
        {
            weights[i] = 1 / Math.Pow(i + 1, s);
        }

        // Hot experts land at random indices so contiguous placement does not stack them on rank 0.
        for (var i = experts - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (weights[i], weights[j]) = (weights[j], weights[i]);
        }

        return weights;
    }

    private static double[] Normalise(double[] weights)
    {
        var sum = weights.Sum();
        if (!(sum > 0))
        {
            throw new ArgumentException("popularity needs a positive weight", nameof(weights));
        }

        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }

        return weights;
    }
}
