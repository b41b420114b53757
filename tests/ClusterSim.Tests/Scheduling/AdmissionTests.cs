using ClusterSim.Scenarios;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.Admission;
using static ClusterSim.Tests.Scheduling.PolicyTestKit;
using ClusterSim.Input;

namespace ClusterSim.Tests.Scheduling;

public sealed class AdmissionTests
{
    [Fact]
    public void Bounded_queue_rejects_with_a_reason_once_the_queue_holds_max_queue_requests()
    {
        var admission = new BoundedQueueAdmission(maxQueue: 3);

        Assert.Null(admission.Reject(Request(1, 0, 10), queuedRequests: 2, At(0)));
        Assert.Equal("rejected at admission: queue full (max_queue 3)", admission.Reject(Request(2, 0, 10), queuedRequests: 3, At(0)));
    }

    [Fact]
    public void Only_the_bounded_queue_makes_the_cluster_count_waiting_requests()
    {
        // The count visits every instance on every arrival; policies that ignore it must not ask for it.
        Assert.True(new BoundedQueueAdmission(4).ReadsQueueLength);
        Assert.False(new UnboundedAdmission().ReadsQueueLength);
        Assert.False(new TokenBucketAdmission(1, 1).ReadsQueueLength);
    }

    [Fact]
    public void Token_bucket_admits_a_burst_then_the_refill_rate()
    {
        var bucket = new TokenBucketAdmission(ratePerSecond: 2, burst: 3);

        // Full bucket of 3 at t = 0: three arrivals pass, the fourth finds 0 tokens.
        var atZero = Enumerable.Range(0, 4).Select(i => bucket.Reject(Request(i, 0, 10), 0, At(0)) is null).ToArray();
        // 0.5 s later the bucket has refilled 2/s x 0.5 s = 1 token: one passes, the next is rejected.
        var atHalf = Enumerable.Range(0, 2).Select(i => bucket.Reject(Request(10 + i, 0.5, 10), 0, At(0.5)) is null).ToArray();
        // 10 s later it is capped at the burst: 3 pass.
        var later = Enumerable.Range(0, 4).Select(i => bucket.Reject(Request(20 + i, 10.5, 10), 0, At(10.5)) is null).ToArray();

        Assert.Equal([true, true, true, false], atZero);
        Assert.Equal([true, false], atHalf);
        Assert.Equal([true, true, true, false], later);
    }

    [Fact]
    public void Scenario_admission_defaults_to_unbounded_and_reads_each_kind()
    {
        var none = ScenarioFiles.Parse(string.Empty);
        var bounded = ScenarioFiles.Parse("  admission: { kind: bounded-queue, max_queue: 64 }\n");
        var bucket = ScenarioFiles.Parse("  admission: { kind: token-bucket, rate_per_s: 20, burst: 5 }\n");

        Assert.Equal(AdmissionSettings.Unbounded, none.Scheduler.Admission);
        Assert.Equal(new AdmissionSettings("bounded-queue", 64, 0, 1), bounded.Scheduler.Admission);
        Assert.Equal(new AdmissionSettings("token-bucket", 0, 20, 5), bucket.Scheduler.Admission);
    }

    [Theory]
    [InlineData("  admission: { kind: bounded-queue }\n", "scheduler.admission.max_queue")]
    [InlineData("  admission: { kind: token-bucket, rate_per_s: 5 }\n", "scheduler.admission.burst")]
    [InlineData("  admission: { kind: unbounded, max_queue: 5 }\n", "scheduler.admission.max_queue")]
    [InlineData("  admission: { kind: leaky }\n", "scheduler.admission.kind")]
    public void Scenario_admission_errors_name_the_key(string yaml, string keyPath)
    {
        var e = Assert.Throws<InputException>(() => ScenarioFiles.Parse(yaml));

        Assert.Contains(keyPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_accepts_every_built_in_policy_and_router()
    {
        var catalog = new SchedulerCatalog();

        foreach (var policy in new[] { "fcfs", "chunked-prefill", "decode-first", "prefill-first", "slo-edf", "shortest-prompt-first" })
        {
            Assert.Equal(policy, ScenarioFiles.Parse($"  policy: {policy}\n").Scheduler.Policy);
            Assert.Equal(policy, catalog.CreatePolicy(policy).Name);
        }

        foreach (var router in new[] { "round-robin", "least-load", "least-tokens", "power-of-two", "prefix-affinity", "prefix-aware", "kv-aware" })
        {
            Assert.Equal(router, ScenarioFiles.Parse($"  router: {router}\n").Scheduler.Router);
        }
    }
}

/// <summary>A minimal valid scenario with extra lines under <c>scheduler:</c>.</summary>
internal static class ScenarioFiles
{
    public static Scenario Parse(string schedulerLines) =>
        ScenarioReader.Parse(
            "test.yaml",
            """
            model: llama-3-70b
            hardware: h100
            cluster: { nodes: 1, accelerators_per_node: 8 }
            deployment:
              mode: colocated
              serving:
                instances: 1
                accelerators_per_instance: 8
                attention: { tp: 8, dp: 1 }
            workload:
              arrival: poisson
              rate_per_s: 1
              input_tokens: { distribution: fixed, value: 100 }
              output_tokens: { distribution: fixed, value: 10 }
              duration: 10 s
            scheduler:
            """ + "\n  prefix_caching: true\n" + schedulerLines,
            Directory.GetCurrentDirectory());
}
