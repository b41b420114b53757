using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Input;

namespace ClusterSim.Workloads.Synthetic;

/// <summary>
/// Requests from an arrival process and two length distributions. Gaps, input lengths and output lengths
/// each draw from their own named stream, so changing one never moves the others (common random numbers).
/// </summary>
public sealed class SyntheticRequestSource : IRequestSource
{
    private readonly IInterArrivalSampler _gaps;
    private readonly ILengthSampler _inputTokens;
    private readonly ILengthSampler _outputTokens;
    private readonly RandomStream _arrivalRandom;
    private readonly RandomStream _inputRandom;
    private readonly RandomStream _outputRandom;
    private readonly long _endNanoseconds;
    private readonly long _maxRequests;
    private double _clockNanoseconds;
    private long _emitted;
    private bool _done;

    private SyntheticRequestSource(SyntheticWorkloadSpec spec, ulong seed, string? baseDirectory)
    {
        _gaps = spec.Arrival.Process switch
        {
            ArrivalProcessKind.Poisson => new PoissonArrivals(spec.Arrival.RatePerSecond),
            ArrivalProcessKind.Gamma => new GammaArrivals(spec.Arrival.RatePerSecond, spec.Arrival.Cv!.Value),
            ArrivalProcessKind.Constant => new ConstantArrivals(spec.Arrival.RatePerSecond),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Arrival.Process, "unknown arrival process"),
        };
        _inputTokens = CreateSampler(spec.InputTokens, baseDirectory);
        _outputTokens = CreateSampler(spec.OutputTokens, baseDirectory);
        _arrivalRandom = RandomStream.ForComponent(seed, SyntheticWorkloadSpec.ArrivalStream);
        _inputRandom = RandomStream.ForComponent(seed, SyntheticWorkloadSpec.InputTokensStream);
        _outputRandom = RandomStream.ForComponent(seed, SyntheticWorkloadSpec.OutputTokensStream);
        _endNanoseconds = spec.Duration?.Nanoseconds ?? long.MaxValue;
        _maxRequests = spec.Requests ?? long.MaxValue;
    }

    /// <summary>
    /// Builds the source for a valid spec. Empirical length files are resolved against
    /// <paramref name="baseDirectory"/> (the scenario's folder); their problems throw
    /// <see cref="InputException"/>. An invalid spec is a caller bug: validate first.
    /// </summary>
    public static SyntheticRequestSource Create(SyntheticWorkloadSpec spec, ulong seed, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid workload spec (validate before creating): " + string.Join("; ", errors), nameof(spec));
        }

        return new SyntheticRequestSource(spec, seed, baseDirectory);
    }

    /// <inheritdoc />
    public bool TryNext(out RequestArrival request)
    {
        request = default;
        if (_done || _emitted >= _maxRequests)
        {
            _done = true;
            return false;
        }

        // Accumulate in double nanoseconds so per-gap rounding never drifts the long-run rate.
        _clockNanoseconds += _gaps.NextGapSeconds(_arrivalRandom) * 1e9;
        if (_clockNanoseconds >= _endNanoseconds || _clockNanoseconds >= long.MaxValue / 2)
        {
            _done = true;
            return false;
        }

        var arrival = new SimTime((long)Math.Round(_clockNanoseconds, MidpointRounding.AwayFromZero));
        request = new RequestArrival(_emitted, arrival, _inputTokens.Next(_inputRandom), _outputTokens.Next(_outputRandom), null);
        _emitted++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Holds no file or unmanaged resource; present so every source is used the same way.
    }

    internal static ILengthSampler CreateSampler(LengthDistributionSpec spec, string? baseDirectory)
    {
        var min = spec.Min ?? 1;
        var max = spec.Max ?? int.MaxValue;
        return spec.Distribution switch
        {
            LengthDistributionKind.Fixed => new FixedLengthSampler(spec.Value!.Value),
            LengthDistributionKind.Uniform => new UniformLengthSampler(min, max),
            LengthDistributionKind.LogNormal => new LogNormalLengthSampler(LogNormalMu(spec), spec.Sigma!.Value, min, max),
            LengthDistributionKind.Zipf => new ZipfLengthSampler(spec.Max!.Value, spec.Exponent!.Value, min),
            LengthDistributionKind.UniformRatio => new UniformLengthSampler(spec.RatioMinimum(), spec.Value!.Value),
            LengthDistributionKind.Empirical => new EmpiricalLengthSampler(EmpiricalLengths.Load(spec.Empirical!, baseDirectory)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Distribution, "unknown length distribution"),
        };
    }

    /// <summary>mu of the underlying normal: ln(median), or ln(mean) − sigma²/2 so the unclamped mean is as given.</summary>
    internal static double LogNormalMu(LengthDistributionSpec spec)
    {
        var sigma = spec.Sigma!.Value;
        return spec.Median is { } median ? Math.Log(median) : Math.Log(spec.Mean!.Value) - sigma * sigma / 2;
    }
}
