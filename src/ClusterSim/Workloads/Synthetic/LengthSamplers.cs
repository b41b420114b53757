using ClusterSim.Engine.Random;

namespace ClusterSim.Workloads.Synthetic;

/// <summary>Draws token counts; each sampler owns no stream, the caller passes the one named for its column.</summary>
internal interface ILengthSampler
{
    /// <summary>The next length, at least 1.</summary>
    int Next(RandomStream random);
}

/// <summary>Always the same length.</summary>
internal sealed class FixedLengthSampler(int tokens) : ILengthSampler
{
    public int Next(RandomStream random) => tokens;
}

/// <summary>Uniform integers in [min, max].</summary>
internal sealed class UniformLengthSampler(int min, int max) : ILengthSampler
{
    public int Next(RandomStream random) => random.NextInt(min, max);
}

/// <summary>exp(Normal(mu, sigma)) rounded to the nearest integer and clamped to [min, max].</summary>
internal sealed class LogNormalLengthSampler(double mu, double sigma, int min, int max) : ILengthSampler
{
    public int Next(RandomStream random)
    {
        var x = Math.Round(random.LogNormal(mu, sigma), MidpointRounding.AwayFromZero);

        // Compare as doubles first: a far tail draw can exceed int range (or be +inf) before clamping.
        return x <= min ? min : x >= max ? max : (int)x;
    }
}

/// <summary>
/// Zipf over 1..max with P(k) ∝ k^-s by inversion: a cumulative table and a binary search (O(log max) per draw,
/// 8 bytes per support point), then clamped below at min.
/// </summary>
internal sealed class ZipfLengthSampler : ILengthSampler
{
    private readonly double[] _cumulative;
    private readonly int _min;

    public ZipfLengthSampler(int max, double exponent, int min)
    {
        _cumulative = new double[max];
        double sum = 0;
        for (var k = 1; k <= max; k++)
        {
            sum += Math.Pow(k, -exponent);
            _cumulative[k - 1] = sum;
        }

        _min = min;
    }

    public int Next(RandomStream random)
    {
        var u = random.NextDouble() * _cumulative[^1];

        // First index whose cumulative weight exceeds u; BinarySearch gives ~insertion point when absent.
        var i = Array.BinarySearch(_cumulative, u);
        i = i >= 0 ? i + 1 : ~i;
        var k = Math.Min(i, _cumulative.Length - 1) + 1;
        return Math.Max(k, _min);
    }
}

/// <summary>Uniform draws from a list of observed lengths (the empirical distribution).</summary>
internal sealed class EmpiricalLengthSampler(int[] observations) : ILengthSampler
{
    public int Next(RandomStream random) => observations[random.NextInt(observations.Length)];
}
