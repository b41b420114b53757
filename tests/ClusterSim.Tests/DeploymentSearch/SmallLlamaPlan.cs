namespace ClusterSim.Tests.DeploymentSearch;

/// <summary>
/// The small plan both the domain and the CLI plan tests search: Llama-3-70B on one 8-GPU H100 node, EP and attention
/// TP over 1-8, 12 simulated seconds per probe. Only the KV fraction (what the memory plan prunes) and the winners
/// written differ between the tests.
/// </summary>
internal static class SmallLlamaPlan
{
    /// <summary>Writes the plan as <paramref name="name"/>.yaml in <paramref name="folder"/> and returns its path.</summary>
    public static string Write(string folder, string name, double kvMemoryFraction, int? top = null)
    {
        var scenario = Path.Combine(TestCatalog.Repository.ScenariosDirectory, "llama-3-70b-h100-tp8.yaml");
        var path = Path.Combine(folder, name + ".yaml");
        var fraction = kvMemoryFraction.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var topLine = top is { } t ? $"top: {t}\n" : string.Empty;
        File.WriteAllText(path, $$"""
            name: {{name}}
            scenario: {{scenario}}
            set:
              deployment.serving.kv_memory_fraction: {{fraction}}
              workload.duration: 12 s
              simulation.duration: 12 s
              simulation.warmup: 2 s
              workload.input_tokens.max: 2048
              workload.output_tokens.max: 256
            gpus: 8
            slo: { ttft_ms: 2000, tpot_ms: 50, percentile: 90 }
            search:
              ep: [1, 2, 4, 8]
              attention_tp: [1, 2, 4, 8]
            capacity: { precision: 0.25 }

            """ + topLine);
        return path;
    }
}
