using ClusterSim.Engine.Random;

namespace ClusterSim.Workloads.Synthetic;

/// <summary>Draws the gap to the next arrival, in seconds.</summary>
internal interface IInterArrivalSampler
{
    /// <summary>The next gap in seconds, &gt;= 0.</summary>
    double NextGapSeconds(RandomStream random);
}

/// <summary>Exponential gaps (Poisson process).</summary>
internal sealed class PoissonArrivals(double ratePerSecond) : IInterArrivalSampler
{
    public double NextGapSeconds(RandomStream random) => random.Exponential(ratePerSecond);
}

/// <summary>Gamma gaps with shape 1/cv² and scale 1/(rate·shape): mean 1/rate, coefficient of variation cv.</summary>
internal sealed class GammaArrivals(double ratePerSecond, double cv) : IInterArrivalSampler
{
    private readonly double _shape = 1 / (cv * cv);

    public double NextGapSeconds(RandomStream random) => random.Gamma(_shape, 1 / (ratePerSecond * _shape));
}

/// <summary>Every gap exactly 1/rate; draws nothing.</summary>
internal sealed class ConstantArrivals(double ratePerSecond) : IInterArrivalSampler
{
    public double NextGapSeconds(RandomStream random) => 1 / ratePerSecond;
}
