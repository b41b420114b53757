namespace ClusterSim.Measurements;

/// <summary>How the harness drove the server, as far as the measurement file records it (null: not recorded).</summary>
/// <param name="RequestRate">Requests sent per second; +∞ when all were sent at once (vLLM's and SGLang's default).</param>
/// <param name="MaxConcurrency">Requests in flight at most (<c>--max-concurrency</c>); null when unbounded or not recorded.</param>
/// <param name="Prompts">Requests the harness sent (<c>num_prompts</c>, or the number of per-request rows).</param>
/// <param name="Accelerators">GPUs the server ran on, when the report says (trtllm-bench's <c>world_info.world_size</c>).</param>
public sealed record HarnessSettings(double? RequestRate = null, int? MaxConcurrency = null, long? Prompts = null, int? Accelerators = null)
{
    /// <summary>Nothing recorded.</summary>
    public static HarnessSettings Unknown { get; } = new();

    /// <summary>
    /// True when the harness ran a closed loop: a concurrency bound with every request sent at once, which is what a
    /// scenario's <c>arrival: closed</c> workload with that many clients simulates.
    /// </summary>
    public bool IsClosedLoop => MaxConcurrency is not null && (RequestRate is null || double.IsPositiveInfinity(RequestRate.Value));
}
