using ClusterSim.Hardware;

namespace ClusterSim.Cli.Analyze;

/// <summary>What was analysed, as written at the top of the JSON document.</summary>
/// <param name="Model">Model name or config path as given.</param>
/// <param name="Hardware">Accelerator name or file as given.</param>
/// <param name="Scenario">Scenario file, or null.</param>
/// <param name="BatchesPerRank">Decode requests per attention rank tabulated.</param>
/// <param name="ContextTokens">Context lengths tabulated.</param>
/// <param name="Deployment">The instance analysed.</param>
public sealed record InputsReport(
    string Model,
    string Hardware,
    string? Scenario,
    IReadOnlyList<int> BatchesPerRank,
    IReadOnlyList<int> ContextTokens,
    AnalyzeDeployment Deployment);

/// <summary>The whole result of `clustersim analyze`: one section per table; the JSON document is this record.</summary>
/// <param name="Schema">Identifies the document layout (docs/analyze.md).</param>
/// <param name="Inputs">What was analysed.</param>
/// <param name="Model">Model summary.</param>
/// <param name="Hardware">Accelerator figures and ridge points.</param>
/// <param name="DecodeOperators">Every decode operator per (context, batch).</param>
/// <param name="Attention">Attention variants side by side.</param>
/// <param name="Thresholds">B_attn and B_MoE.</param>
/// <param name="Experts">Expert load and intensity grid; null for a dense model.</param>
/// <param name="Memory">Memory-limited batch (Eq. 11).</param>
/// <param name="Tpot">TPOT lower bound (Eq. 12/13).</param>
public sealed record AnalyzeReport(
    string Schema,
    InputsReport Inputs,
    ModelReport Model,
    HardwareReport Hardware,
    IReadOnlyList<OperatorsReport> DecodeOperators,
    AttentionReport Attention,
    ThresholdsReport Thresholds,
    ExpertsReport? Experts,
    MemoryReport Memory,
    TpotReport Tpot)
{
    /// <summary>The schema identifier; bump the number when a field changes meaning or disappears.</summary>
    public const string SchemaId = "clustersim.analyze/1";

    /// <summary>Runs every analysis for the inputs.</summary>
    public static AnalyzeReport Build(AnalyzeInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var roofline = new RooflineModel(inputs.Hardware);
        var thresholds = ThresholdsReport.From(inputs, roofline);
        var memory = MemoryReport.From(inputs, thresholds);
        return new AnalyzeReport(
            SchemaId,
            new InputsReport(inputs.ModelSource, inputs.HardwareSource, inputs.ScenarioFile, inputs.BatchesPerRank, inputs.ContextTokens, inputs.Deployment),
            ModelReport.From(inputs),
            HardwareReport.From(inputs.Hardware, roofline),
            OperatorsReport.From(inputs, roofline),
            AttentionReport.From(inputs, roofline),
            thresholds,
            ExpertsReport.From(inputs, roofline),
            memory,
            TpotReport.From(inputs, memory));
    }
}
