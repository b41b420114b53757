using ClusterSim.Engine;

namespace ClusterSim.Workloads;

/// <summary>What a trace reader does with a row it cannot use.</summary>
public enum BadRowPolicy
{
    /// <summary>Stop with an error naming the file and row (the default).</summary>
    Fail,

    /// <summary>Skip it, count it and remember the first such row.</summary>
    Skip,
}

/// <summary>
/// Replay of a request trace. Arrival = (timestamp − first timestamp) × time scale, where the scale is
/// <see cref="TimeScale"/> or, with <see cref="RatePerSecond"/>, chosen so the replay's mean rate matches.
/// </summary>
/// <param name="Path">The trace file (relative paths are resolved by the caller).</param>
/// <param name="Format">Its format.</param>
public sealed record TraceWorkloadSpec(string Path, TraceFormat Format) : WorkloadSpec
{
    /// <summary>Multiplies every inter-arrival gap (<c>time_scale</c>): 0.5 replays twice as fast. Default 1.</summary>
    public double? TimeScale { get; init; }

    /// <summary>Rescales time so the mean rate over the replayed rows is this many requests per second.</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>Stop after this many requests.</summary>
    public long? Requests { get; init; }

    /// <summary>Stop at the first arrival at or after this instant (after scaling).</summary>
    public SimDuration? Duration { get; init; }

    /// <summary>What to do with malformed or out-of-order rows.</summary>
    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <inheritdoc />
    public override IReadOnlyList<SpecError> Validate()
    {
        var errors = new List<SpecError>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add(new SpecError($"{RootKey}.path", "is required (the trace file)"));
        }

        if (!Enum.IsDefined(Format))
        {
            errors.Add(new SpecError($"{RootKey}.format", $"unknown trace format; allowed: {TraceFormats.AllowedNames}"));
        }

        if (TimeScale is { } scale && (!double.IsFinite(scale) || scale <= 0 || scale > 1e6))
        {
            errors.Add(new SpecError($"{RootKey}.time_scale", "must be > 0 and <= 1e6 (it multiplies inter-arrival gaps)"));
        }

        if (RatePerSecond is { } rate && (!double.IsFinite(rate) || rate <= 0 || rate > ArrivalProcessSpec.MaxRatePerSecond))
        {
            errors.Add(new SpecError($"{RootKey}.rate_per_s", "must be > 0 and <= 1e8 requests per second"));
        }

        if (TimeScale is not null && RatePerSecond is not null)
        {
            errors.Add(new SpecError($"{RootKey}.rate_per_s", "set either time_scale or rate_per_s, not both"));
        }

        if (Requests is < 1)
        {
            errors.Add(new SpecError($"{RootKey}.requests", "must be >= 1"));
        }

        if (Duration is { } d && d <= SimDuration.Zero)
        {
            errors.Add(new SpecError($"{RootKey}.duration", "must be > 0 (for example \"1 h\")"));
        }

        if (!Enum.IsDefined(OnBadRow))
        {
            errors.Add(new SpecError($"{RootKey}.on_bad_row", "must be fail or skip"));
        }

        return errors;
    }
}
