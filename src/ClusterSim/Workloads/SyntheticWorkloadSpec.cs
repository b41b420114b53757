using ClusterSim.Engine;

namespace ClusterSim.Workloads;

/// <summary>
/// Synthetic traffic: an arrival process and two length distributions, bounded by a duration, a request
/// count or both (whichever ends first).
/// </summary>
/// <param name="Arrival">The <c>workload.arrival</c> section.</param>
/// <param name="InputTokens">The <c>workload.input_tokens</c> section.</param>
/// <param name="OutputTokens">The <c>workload.output_tokens</c> section.</param>
/// <param name="Duration">Only arrivals strictly before this instant are emitted (<c>workload.duration</c>).</param>
/// <param name="Requests">At most this many requests are emitted (<c>workload.requests</c>).</param>
public sealed record SyntheticWorkloadSpec(
    ArrivalProcessSpec Arrival,
    LengthDistributionSpec InputTokens,
    LengthDistributionSpec OutputTokens,
    SimDuration? Duration = null,
    long? Requests = null) : WorkloadSpec
{
    /// <summary>Random stream name of the inter-arrival gaps.</summary>
    public const string ArrivalStream = "workload.arrivals";

    /// <summary>Random stream name of the input lengths.</summary>
    public const string InputTokensStream = "workload.input_tokens";

    /// <summary>Random stream name of the output lengths.</summary>
    public const string OutputTokensStream = "workload.output_tokens";

    /// <inheritdoc />
    public override IReadOnlyList<SpecError> Validate()
    {
        var errors = new List<SpecError>();
        errors.AddRange(Arrival.Validate($"{RootKey}.arrival"));
        errors.AddRange(InputTokens.Validate($"{RootKey}.input_tokens"));
        errors.AddRange(OutputTokens.Validate($"{RootKey}.output_tokens"));
        if (Duration is null && Requests is null)
        {
            errors.Add(new SpecError(RootKey, "set duration, requests or both, so that the workload ends"));
        }

        if (Duration is { } d && d <= SimDuration.Zero)
        {
            errors.Add(new SpecError($"{RootKey}.duration", "must be > 0 (for example \"10 m\")"));
        }

        if (Requests is < 1)
        {
            errors.Add(new SpecError($"{RootKey}.requests", "must be >= 1"));
        }

        return errors;
    }
}
