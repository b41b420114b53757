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
    private const string AfdAtLayerFidelity = """
        name: fuzz
        model: { config: mixtral-8x7b, precision: { weights: fp8 } }
        hardware: h200
        cluster: { nodes: 2, accelerators_per_node: 4 }
        deployment:
          mode: afd
          micro_batches: 1
          attention: { instances: 1, accelerators_per_instance: 1, max_batch_tokens: 2048 }
          experts: { accelerators_per_instance: 2 }
        workload: { arrival: poisson, rate_per_s: 20, requests: 1, input_tokens: 512, output_tokens: 12 }
        simulation: { duration: 2 s, fidelity: layer }
        """;

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
}
