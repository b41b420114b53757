using ClusterSim.Input;

namespace ClusterSim.Tests.Runs;

/// <summary>
/// Bugs the scenario-space fuzzer (<see cref="ScenarioRunFuzzProperties"/>) found, each as the shrunk scenario it
/// reported, so they stay fixed whatever the fuzzer draws next.
/// </summary>
public sealed class ScenarioRunFuzzRegressionTests
{
    // Shrunk: one AFD mixtral instance (1 attention + 2 expert accelerators), one request, fidelity: layer. The reader
    // accepted it and building the cluster threw ArgumentException ("layer fidelity needs a step pricer that plans
    // stages"), which the CLI reports as an internal error (exit 70) instead of a one-line input error (exit 2).
    private static readonly string AfdAtLayerFidelity = AfdMixtral(
        instances: 1,
        workload: "{ arrival: poisson, rate_per_s: 20, requests: 1, input_tokens: 512, output_tokens: 12 }",
        simulation: "{ duration: 2 s, fidelity: layer }");

    // Shrunk: the same AFD instance with one link fault at 25 % bandwidth on an accelerator outside it. The fault's start
    // cast every instance's pricer to the co-located StepPricer: InvalidCastException, exit 70. A straggler did the same.
    private static readonly string AfdWithLinkFault = AfdMixtral(
        instances: 2,
        workload: "{ arrival: poisson, rate_per_s: 20, requests: 1, input_tokens: 512, output_tokens: 12 }",
        simulation: "{ duration: 2 s }",
        "{ kind: link, accelerator: 1, bandwidth_factor: 0.25, start: 40 ms, end: 1780 ms }");

    [Theory]
    [InlineData("{ kind: link, accelerator: 1, bandwidth_factor: 0.25, start: 40 ms, end: 1780 ms }", "link")]
    [InlineData("{ kind: straggler, pool: attention, speed_factor: 0.5, start: 40 ms, end: 1780 ms }", "straggler")]
    public void Afd_with_a_straggler_or_link_fault_is_refused_with_one_line_at_the_fault(string fault, string kind)
    {
        var yaml = AfdWithLinkFault.Replace("{ kind: link, accelerator: 1, bandwidth_factor: 0.25, start: 40 ms, end: 1780 ms }", fault, StringComparison.Ordinal);

        var error = Assert.Throws<InputException>(() => ScenarioRunFuzzProperties.Parse(yaml));

        Assert.Equal($"fuzz.yaml: faults[0].kind: {kind} faults are not available with deployment.mode: afd; allowed there: instance_loss", error.Message);
    }

    [Fact]
    public void Afd_losing_an_instance_still_runs_and_requeues()
    {
        var yaml = AfdWithLinkFault
            .Replace("{ kind: link, accelerator: 1, bandwidth_factor: 0.25, start: 40 ms, end: 1780 ms }", "{ kind: instance_loss, pool: attention, instance: 0, at: 60 ms }", StringComparison.Ordinal)
            .Replace("requests: 1,", "requests: 4,", StringComparison.Ordinal);

        var outcome = ScenarioRunFuzzProperties.RunScenario(yaml);

        Assert.Equal(4, outcome.Arrived);
        Assert.Equal(4, outcome.Completed);
        Assert.Equal(1, outcome.FaultsStarted);
    }

    // Shrunk from an AFD case that hung (no event advanced, cancellation never checked): Mixtral on one GPU with its
    // expert popularity drifting as a random walk of 5 σ per √s. After about 3 s most of the eight experts weighed under
    // 1e-16 relative to the hottest, the binomial's log(1 − p) was 0 and its waiting-time loop never ended.
    private const string RandomWalkDrift = """
        name: fuzz
        model: { config: mixtral-8x7b, precision: { weights: fp8 } }
        hardware: h200
        cluster: { nodes: 1, accelerators_per_node: 1 }
        deployment:
          mode: colocated
          serving: { accelerators_per_instance: 1 }
        workload: { arrival: constant, rate_per_s: 2, requests: 16, input_tokens: 512, output_tokens: 48 }
        simulation: { duration: 20 s }
        experts:
          routing: { distribution: drifting, drift: random-walk, rate: 5 }
        """;

    [Fact]
    public void A_fast_random_walk_of_expert_popularity_runs_to_the_end()
    {
        // 16 arrivals at 2/s over 8 s, each of 512 + 48 tokens on an idle GPU: all finish well inside 20 s.
        var outcome = ScenarioRunFuzzProperties.RunScenario(RandomWalkDrift);

        Assert.Equal(16, outcome.Arrived);
        Assert.Equal(16, outcome.Completed);
    }

    // Shrunk: two attention instances of an AFD deployment, one request, instance 0 lost at 85 ms and instance 1 at
    // 140 ms. The reader refused only losing a pool of one instance; losing the last of two in a second fault threw
    // InvalidOperationException "pool attention has no instance left to route to" mid-run (exit 70). Colocated and
    // disaggregated pools went the same way.
    private static readonly string EveryInstanceLost = AfdMixtral(
        instances: 2,
        workload: "{ arrival: poisson, rate_per_s: 20, requests: 1, input_tokens: 512, output_tokens: 60 }",
        simulation: "{ duration: 500 ms }",
        "{ kind: instance_loss, pool: attention, instance: 0, at: 85 ms }",
        "{ kind: instance_loss, pool: attention, instance: 1, at: 140 ms }");

    [Fact]
    public void Losing_every_instance_of_a_pool_is_refused_with_one_line_at_the_last_fault()
    {
        var error = Assert.Throws<InputException>(() => ScenarioRunFuzzProperties.Parse(EveryInstanceLost));

        Assert.Equal(
            "fuzz.yaml: faults[1].instance: would lose every instance of pool 'attention' (2); at most 1 distinct instances of a pool can be lost, so its requests have somewhere to go",
            error.Message);
    }

    [Fact]
    public void Losing_the_same_instance_twice_still_runs()
    {
        // The second loss of instance 0 is a no-op (FaultInjector skips an instance already failed); instance 1 serves.
        var outcome = ScenarioRunFuzzProperties.RunScenario(EveryInstanceLost.Replace("instance: 1, at: 140 ms", "instance: 0, at: 140 ms", StringComparison.Ordinal));

        Assert.Equal(1, outcome.Arrived);
        Assert.Equal(1, outcome.Completed);
    }

    [Fact]
    public void Afd_at_layer_fidelity_is_refused_with_one_line_at_simulation_fidelity()
    {
        var error = Assert.Throws<InputException>(() => ScenarioRunFuzzProperties.Parse(AfdAtLayerFidelity));

        Assert.Equal("fuzz.yaml: simulation.fidelity: layer fidelity is not available with deployment.mode: afd; use fidelity: step", error.Message);
    }

    [Fact]
    public void Afd_at_step_fidelity_still_runs_the_shrunk_scenario()
    {
        var outcome = ScenarioRunFuzzProperties.RunScenario(AfdAtLayerFidelity.Replace("fidelity: layer", "fidelity: step", StringComparison.Ordinal));

        Assert.Equal(1, outcome.Arrived);
        Assert.Equal(1, outcome.Completed);
    }

    // The AFD deployment the fuzzer shrank its cases to: Mixtral, 1 or 2 single-GPU attention instances with 2 expert
    // GPUs each, on two nodes of 4.
    private static string AfdMixtral(int instances, string workload, string simulation, params string[] faults)
    {
        var text = $$"""
            name: fuzz
            model: { config: mixtral-8x7b, precision: { weights: fp8 } }
            hardware: h200
            cluster: { nodes: 2, accelerators_per_node: 4 }
            deployment:
              mode: afd
              micro_batches: 1
              attention: { instances: {{instances}}, accelerators_per_instance: 1, max_batch_tokens: 2048 }
              experts: { accelerators_per_instance: 2 }
            workload: {{workload}}
            simulation: {{simulation}}

            """;
        return faults.Length == 0 ? text : text + "faults:\n" + string.Concat(faults.Select(f => $"  - {f}\n"));
    }
}
