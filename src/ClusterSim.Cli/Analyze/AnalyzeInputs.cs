using System.Text.Json.Serialization;
using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Cli.Analyze;

/// <summary>The instance the capacity and TPOT tables describe, and the plan the operator table is per device under.</summary>
/// <param name="Source">Where it came from ("default ..." or "scenario FILE, pool NAME").</param>
/// <param name="Accelerators">Accelerators in one instance (n_acc).</param>
/// <param name="AttentionTp">Attention tensor-parallel degree.</param>
/// <param name="AttentionDp">Attention data-parallel degree (DP).</param>
/// <param name="ExpertParallel">Expert-parallel degree (EP; 1 for a dense model).</param>
/// <param name="RedundantExperts">Extra expert slots per EP group.</param>
public sealed record AnalyzeDeployment(string Source, int Accelerators, int AttentionTp, int AttentionDp, int ExpertParallel, int RedundantExperts)
{
    /// <summary>Accelerators in the default instance: one HGX-style node.</summary>
    public const int DefaultAccelerators = 8;

    /// <summary>
    /// Accelerators in one scale-up domain of the cluster (a scenario's <c>cluster.fabric.scale_up_domain</c> as the
    /// fabric was built); null takes the accelerator's own domain size.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ScaleUpDomain { get; init; }

    /// <summary>
    /// The kernels of the instance's expert all-to-all (a scenario's pool: low-latency or normal DeepEP kernels), whose
    /// tables price dispatch and combine when they cover the shape; none by default (the fabric's, no time shown).
    /// </summary>
    public ClusterSim.Kernels.AllToAllKernels AllToAll { get; init; }

    /// <summary>The parallel plan of one instance (no pipeline parallelism).</summary>
    [JsonIgnore]
    public ParallelPlan Plan => new(AttentionTp, AttentionDp, ExpertParallel, 1, 0, RedundantExperts);

    /// <summary>
    /// One 8-accelerator node: attention DP 8 and EP 8 for an MoE model (the paper's layout); attention TP 8 for a
    /// dense model, because DP 8 would need the whole model on every accelerator.
    /// </summary>
    public static AnalyzeDeployment DefaultFor(ModelArchitecture model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.IsMoe
            ? new("default: one node of 8, attention DP 8, EP 8", DefaultAccelerators, 1, DefaultAccelerators, DefaultAccelerators, 0)
            : new("default: one node of 8, attention TP 8 (dense model)", DefaultAccelerators, DefaultAccelerators, 1, 1, 0);
    }
}

/// <summary>Everything the analysis needs, resolved from the command line and an optional scenario.</summary>
/// <param name="Model">The model architecture.</param>
/// <param name="ModelSource">The name or file the model came from.</param>
/// <param name="Precision">Numeric formats in effect (the model's, with scenario overrides).</param>
/// <param name="Hardware">The accelerator.</param>
/// <param name="HardwareSource">The name or file the accelerator came from.</param>
/// <param name="ScenarioFile">The scenario file, or null.</param>
/// <param name="Deployment">The instance analysed.</param>
/// <param name="BatchesPerRank">Decode requests per attention rank to tabulate.</param>
/// <param name="ContextTokens">Context lengths to tabulate.</param>
public sealed record AnalyzeInputs(
    ModelArchitecture Model,
    string ModelSource,
    ModelPrecision Precision,
    AcceleratorSpec Hardware,
    string HardwareSource,
    string? ScenarioFile,
    AnalyzeDeployment Deployment,
    IReadOnlyList<int> BatchesPerRank,
    IReadOnlyList<int> ContextTokens)
{
    /// <summary>The hardware's kernel tables (scenarios/kernels/&lt;name&gt;/), or null when it has none.</summary>
    public ClusterSim.Kernels.KernelTables? Kernels { get; init; }

    /// <summary>Batches tabulated when --batch is not given: one request, a typical and a large per-rank batch.</summary>
    public static IReadOnlyList<int> DefaultBatches { get; } = [1, 64, 256];

    /// <summary>Context lengths tabulated when --context is not given.</summary>
    public static IReadOnlyList<int> DefaultContexts { get; } = [4096];

    /// <summary>The expert-parallel degrees of the expert table (those up to the routed expert count are shown).</summary>
    public static IReadOnlyList<int> ExpertParallelDegrees { get; } = [8, 16, 32, 64, 128, 256];

    /// <summary>
    /// The format the model's attention projections compute in on this accelerator (the single peak of the TPOT
    /// bound, whose non-expert GEMMs are mostly attention).
    /// </summary>
    public DataType GemmType => Analysis.OperatorRoofline.ComputeTypeOn(Hardware, Precision.AttentionWeights.Type);

    /// <summary>The format dense feed-forward and shared-expert GEMMs compute in on this accelerator.</summary>
    public DataType DenseType => Analysis.OperatorRoofline.ComputeTypeOn(Hardware, Precision.DenseWeights.Type);

    /// <summary>The format routed-expert GEMMs compute in on this accelerator.</summary>
    public DataType ExpertType => Analysis.OperatorRoofline.ComputeTypeOn(Hardware, Precision.ExpertWeights.Type);

    /// <summary>The format attention math runs in on this accelerator.</summary>
    public DataType AttentionType => Analysis.OperatorRoofline.ComputeTypeOn(Hardware, Precision.Activations);
}
