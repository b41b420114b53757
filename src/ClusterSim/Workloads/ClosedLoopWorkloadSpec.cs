using System.Globalization;
using ClusterSim.Engine;

namespace ClusterSim.Workloads;

/// <summary>
/// A closed loop, as benchmark harnesses run one (<c>trtllm-bench --concurrency</c>, SGLang
/// <c>bench_serving --max-concurrency</c>): <see cref="Concurrency"/> clients each send a request, wait for it to finish
/// (or be dropped), think for <see cref="ThinkTime"/>, and send the next, until <see cref="Requests"/> have been sent.
/// </summary>
/// <param name="Concurrency">Clients (<c>workload.concurrency</c>), each with at most one request in flight.</param>
/// <param name="Requests">Requests sent in all (<c>workload.requests</c>); the run ends when every one has ended.</param>
/// <param name="InputTokens">The <c>workload.input_tokens</c> section.</param>
/// <param name="OutputTokens">The <c>workload.output_tokens</c> section.</param>
public sealed record ClosedLoopWorkloadSpec(
    int Concurrency,
    long Requests,
    LengthDistributionSpec InputTokens,
    LengthDistributionSpec OutputTokens) : WorkloadSpec
{
    /// <summary>Largest accepted number of clients; the source keeps one ready time per client.</summary>
    public const int MaxConcurrency = 1 << 20;

    /// <summary>Pause between a client's request ending and its next one being sent (<c>workload.think_time</c>); default 0.</summary>
    public SimDuration ThinkTime { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<SpecError> Validate()
    {
        var errors = new List<SpecError>();
        if (Concurrency < 1 || Concurrency > MaxConcurrency)
        {
            errors.Add(new SpecError($"{RootKey}.concurrency", $"must be 1..{MaxConcurrency.ToString(CultureInfo.InvariantCulture)} clients"));
        }

        if (Requests < 1)
        {
            errors.Add(new SpecError($"{RootKey}.requests", "must be >= 1 (the total sent by all clients; the run ends when all have ended)"));
        }

        if (ThinkTime < SimDuration.Zero)
        {
            errors.Add(new SpecError($"{RootKey}.think_time", "must be >= 0 (for example \"500 ms\")"));
        }

        errors.AddRange(InputTokens.Validate($"{RootKey}.input_tokens"));
        errors.AddRange(OutputTokens.Validate($"{RootKey}.output_tokens"));
        return errors;
    }
}
