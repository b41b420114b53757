using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Workloads;

namespace ClusterSim.Scenarios;

/// <summary>A validated, immutable scenario: everything a run needs, with files resolved to absolute paths.</summary>
/// <param name="Name">Name of the scenario (used in run folder names).</param>
/// <param name="Seed">Run seed; every random stream derives from it and a component name.</param>
/// <param name="SourceFile">The scenario file as the user named it (for error messages), or "(inline)".</param>
/// <param name="Model">Model config and precision overrides.</param>
/// <param name="Hardware">Accelerator kind.</param>
/// <param name="Cluster">Nodes, accelerators per node and fabric settings.</param>
/// <param name="Deployment">Pools and their parallel plans.</param>
/// <param name="Workload">Synthetic traffic or a trace replay.</param>
/// <param name="WorkloadBaseDirectory">Directory relative workload paths resolve against.</param>
/// <param name="Scheduler">Batch policy, router and speculative decoding.</param>
/// <param name="Slo">Latency objectives for goodput and attainment.</param>
/// <param name="Simulation">Run length, warm-up and fidelity.</param>
/// <param name="Outputs">Which optional outputs to write.</param>
/// <param name="Faults">Faults injected during the run; empty for none.</param>
/// <param name="Experts">Expert routing skew, placement and rebalancing; null means <see cref="ExpertsSpec.Default"/>.</param>
/// <param name="Cost">Prices for the energy and dollar figures; null means every default (<see cref="CostSection"/>).</param>
public sealed record Scenario(
    string Name,
    ulong Seed,
    string SourceFile,
    ModelSection Model,
    HardwareSection Hardware,
    ClusterSection Cluster,
    DeploymentSection Deployment,
    WorkloadSpec Workload,
    string WorkloadBaseDirectory,
    SchedulerSection Scheduler,
    SloSection Slo,
    SimulationSection Simulation,
    OutputsSection Outputs,
    IReadOnlyList<FaultSpec>? Faults = null,
    ExpertsSpec? Experts = null,
    CostSection? Cost = null)
{
    /// <summary>The <c>cost</c> section, every key unset when the scenario has none.</summary>
    public CostSection CostOrDefault => Cost ?? CostSection.Unset;

    /// <summary>Faults injected during the run (never null).</summary>
    public IReadOnlyList<FaultSpec> FaultList => Faults ?? [];

    /// <summary>The <c>experts</c> section with its defaults filled in.</summary>
    public ExpertsSpec ExpertsOrDefault => Experts ?? ExpertsSpec.Default;

    /// <summary>
    /// The calibration overlay laid over this scenario when its deployment is planned (<c>--calibration FILE</c>), or
    /// null; not a key of the scenario file.
    /// </summary>
    public CalibrationOverlay? Calibration { get; init; }
}

/// <summary>The <c>model</c> section.</summary>
/// <param name="Config">Absolute path of the Hugging Face config.json, or a catalog name ("deepseek-r1") that the
/// deployment plan resolves; a planned scenario always holds the path.</param>
/// <param name="Precision">Overrides per tensor kind (null keeps the model's own format).</param>
public sealed record ModelSection(string Config, PrecisionOverrides Precision);

/// <summary>Numeric formats a scenario sets, each null to keep the model's default.</summary>
/// <param name="Weights">Every quantised weight matrix (attention, dense, shared and routed experts).</param>
/// <param name="KvCache">Cached keys and values.</param>
/// <param name="Activations">Activations between operators.</param>
/// <param name="Dispatch">All-to-all dispatch payload.</param>
/// <param name="Combine">All-to-all combine payload.</param>
/// <param name="AttentionWeights">Attention projections (and MTP's eh_proj); null falls back to <paramref name="Weights"/>.</param>
/// <param name="DenseWeights">Dense feed-forward and shared experts; null falls back to <paramref name="Weights"/>.</param>
/// <param name="ExpertWeights">Routed experts; null falls back to <paramref name="Weights"/>.</param>
public sealed record PrecisionOverrides(
    Hardware.WeightFormat? Weights = null,
    Hardware.DataType? KvCache = null,
    Hardware.DataType? Activations = null,
    Hardware.DataType? Dispatch = null,
    Hardware.DataType? Combine = null,
    Hardware.WeightFormat? AttentionWeights = null,
    Hardware.WeightFormat? DenseWeights = null,
    Hardware.WeightFormat? ExpertWeights = null);

/// <summary>The <c>hardware</c> section: a catalog name or the path of a hardware file.</summary>
public sealed record HardwareSection(string NameOrPath);

/// <summary>The <c>cluster</c> section.</summary>
/// <param name="Nodes">Nodes in the cluster.</param>
/// <param name="AcceleratorsPerNode">Accelerators in each node.</param>
/// <param name="LinkModel">Max-min fair flows ("fair-share") or no contention ("alpha-beta").</param>
/// <param name="Routing">Hierarchical (relay in the scale-up domain, then the rail NIC) or direct.</param>
/// <param name="Oversubscription">Leaf-to-spine oversubscription of the scale-out fat tree (1 = non-blocking).</param>
/// <param name="ScaleUpDomain">Accelerators in one scale-up domain; 0 takes the hardware's figure.</param>
public sealed record ClusterSection(int Nodes, int AcceleratorsPerNode, Fabric.LinkModel LinkModel, Fabric.CollectiveRouting Routing, double Oversubscription, int ScaleUpDomain)
{
    /// <summary>Accelerators in the cluster.</summary>
    public int Accelerators => Nodes * AcceleratorsPerNode;
}

/// <summary>How pools are arranged.</summary>
public enum DeploymentMode
{
    /// <summary>One <c>serving</c> pool doing prefill and decode together.</summary>
    Colocated,

    /// <summary>A <c>prefill</c> pool and a <c>decode</c> pool; KV caches cross the fabric.</summary>
    Disaggregated,

    /// <summary>Attention/FFN disaggregation: an <c>attention</c> pool whose instances each drive their own expert accelerators.</summary>
    Afd,
}

/// <summary>The <c>deployment</c> section.</summary>
/// <param name="Mode">How pools are arranged.</param>
/// <param name="Pools">The pools (for AFD, the attention pool).</param>
/// <param name="Afd">The expert side of attention/FFN disaggregation (AFD mode only).</param>
public sealed record DeploymentSection(DeploymentMode Mode, IReadOnlyList<PoolSection> Pools, AfdSection? Afd = null)
{
    /// <summary>Accelerators every pool together needs (for AFD, the expert accelerators of every instance too).</summary>
    public int Accelerators => Pools.Sum(p => p.Instances * p.AcceleratorsPerInstance) + (Afd is { } afd ? Pools[0].Instances * afd.ExpertAccelerators : 0);
}

/// <summary>The expert side of an AFD deployment: each attention instance drives its own expert accelerators.</summary>
/// <param name="ExpertAccelerators">Expert accelerators per instance (the EP degree of the expert pool).</param>
/// <param name="RedundantExperts">Extra expert slots for replicas of hot experts (EPLB).</param>
/// <param name="MicroBatches">Micro-batches ping-ponging between the attention and expert accelerators.</param>
/// <param name="ExpertHardware">Accelerator kind of the expert pool (catalog name or absolute path); null for the scenario's.</param>
public sealed record AfdSection(int ExpertAccelerators, int RedundantExperts, int MicroBatches, string? ExpertHardware);

/// <summary>One pool of identical instances and its parallel plan and scheduler limits.</summary>
/// <param name="Name">serving, prefill or decode.</param>
/// <param name="Instances">Instances (engine replicas) in the pool.</param>
/// <param name="AcceleratorsPerInstance">Accelerators each instance spans.</param>
/// <param name="AttentionTp">Tensor-parallel degree of attention.</param>
/// <param name="AttentionDp">Attention data-parallel ranks per instance (tp × dp = accelerators per instance).</param>
/// <param name="Ep">Expert-parallel degree (1 for a dense model or replicated experts).</param>
/// <param name="RedundantExperts">Extra expert slots for replicas of hot experts (EPLB).</param>
/// <param name="MicroBatches">1, or 2 to overlap communication with compute (two-batch overlap).</param>
/// <param name="MaxBatchTokens">Token budget of one rank's step.</param>
/// <param name="MaxRunningRequests">Running requests per attention rank.</param>
/// <param name="KvBlockTokens">Tokens per KV-cache block.</param>
/// <param name="KvMemoryFraction">Share of HBM the engine may use for weights, workspace and KV cache.</param>
/// <param name="CudaGraphs">True when decode steps replay CUDA graphs (kernel launch overhead hidden).</param>
public sealed record PoolSection(
    string Name,
    int Instances,
    int AcceleratorsPerInstance,
    int AttentionTp,
    int AttentionDp,
    int Ep,
    int RedundantExperts,
    int MicroBatches,
    int MaxBatchTokens,
    int MaxRunningRequests,
    int KvBlockTokens,
    double KvMemoryFraction,
    bool CudaGraphs)
{
    /// <summary>
    /// The pool's expert all-to-all (<c>experts.all_to_all</c>): <see cref="Fabric.CollectiveRouting.Hierarchical"/> for
    /// DeepEP's normal kernels, <see cref="Fabric.CollectiveRouting.Rdma"/> for its low-latency kernels,
    /// <see cref="Fabric.CollectiveRouting.Direct"/>; null to follow <c>cluster.fabric.routing</c>.
    /// </summary>
    public Fabric.CollectiveRouting? AllToAll { get; init; }

    /// <summary>
    /// Streaming multiprocessors the pool's all-to-all kernels occupy while they run (<c>experts.all_to_all_sms</c>);
    /// null for the kernel family's default (DeepEP normal 24, low-latency 0, direct 0).
    /// </summary>
    public int? AllToAllSms { get; init; }
}

/// <summary>The <c>scheduler</c> section.</summary>
/// <param name="Policy">Batch-formation policy name.</param>
/// <param name="Router">Router name.</param>
/// <param name="DraftTokens">Speculative (MTP) draft tokens per step; 0 for none.</param>
/// <param name="AcceptanceRate">Probability each draft token is accepted.</param>
/// <param name="PrefixCaching">True to reuse KV blocks of shared prompt prefixes (needs hashes in the trace).</param>
public sealed record SchedulerSection(string Policy, string Router, int DraftTokens, double AcceptanceRate, bool PrefixCaching)
{
    /// <summary>Admission control at the cluster's entry (<c>scheduler.admission</c>); unbounded by default.</summary>
    public Scheduling.Admission.AdmissionSettings Admission { get; init; } = Scheduling.Admission.AdmissionSettings.Unbounded;

    /// <summary>
    /// Decode back-pressure (<c>scheduler.decode_reservation</c>): in a disaggregated deployment a request is prefilled
    /// only once a decode rank has reserved KV for it. True by default (what production engines do); false lets prefill
    /// run ahead of decode as before. No effect on colocated or AFD deployments.
    /// </summary>
    public bool DecodeReservation { get; init; } = true;

    /// <summary>
    /// The serving engine whose host overhead each step pays (<c>scheduler.engine</c>: sglang, vllm, trtllm or ideal;
    /// sglang by default). Profiles live in scenarios/engines/.
    /// </summary>
    public string Engine { get; init; } = "sglang";
}

/// <summary>The <c>slo</c> section, in milliseconds; infinity when unset.</summary>
public sealed record SloSection(double TtftMs, double TpotMs);

/// <summary>Whole-step pricing (one event per step) or per-layer events with live fabric flows.</summary>
public enum Fidelity
{
    /// <summary>One engine event per instance step; fast, for hours of traffic.</summary>
    Step,

    /// <summary>Each layer's stages and flows are events; for detailed traces.</summary>
    Layer,
}

/// <summary>The <c>simulation</c> section.</summary>
/// <param name="Duration">Arrivals stop after this much simulated time; requests in flight then drain.</param>
/// <param name="Warmup">Requests arriving before this are simulated but not measured.</param>
/// <param name="Fidelity">Step or layer fidelity.</param>
/// <param name="DrainLimit">How long after <paramref name="Duration"/> the run may continue to finish requests in flight.</param>
public sealed record SimulationSection(SimDuration Duration, SimDuration Warmup, Fidelity Fidelity, SimDuration DrainLimit);

/// <summary>The file format of requests and timeseries (<c>outputs.format</c>).</summary>
public enum TableFormat
{
    /// <summary>requests.csv and timeseries.csv (the default).</summary>
    Csv,

    /// <summary>requests.parquet and timeseries.parquet instead, same columns with typed values.</summary>
    Parquet,
}

/// <summary>The <c>outputs</c> section.</summary>
/// <param name="Trace">Write trace.json.</param>
/// <param name="TimeseriesWindow">Bucket width of timeseries.csv.</param>
/// <param name="Timeseries">Write timeseries.csv (on by default).</param>
/// <param name="TraceWindowStart">trace.json leaves out events before this simulated time.</param>
/// <param name="TraceWindowEnd">trace.json leaves out events from this simulated time on (null: to the end).</param>
/// <param name="TraceMaxEvents">trace.json holds at most this many events (about 150 bytes each).</param>
/// <param name="Format">The file format of the per-request and per-bucket tables (requests, timeseries).</param>
public sealed record OutputsSection(
    bool Trace,
    SimDuration TimeseriesWindow,
    bool Timeseries = true,
    SimDuration TraceWindowStart = default,
    SimDuration? TraceWindowEnd = null,
    long TraceMaxEvents = OutputsSection.DefaultTraceMaxEvents,
    // Left out of summary.json's resolved scenario when csv, so a CSV run's summary.json is what it was before the key.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    TableFormat Format = TableFormat.Csv)
{
    /// <summary>Default cap on trace.json events: about 150 MB, which Perfetto UI and chrome://tracing open.</summary>
    public const long DefaultTraceMaxEvents = 1_000_000;
}

/// <summary>
/// The <c>cost</c> section: what an accelerator-hour and a kilowatt-hour cost, and the facility overhead. Unset keys
/// take the documented defaults (docs/modeling.md, "Power and energy"): the hardware file's <c>gpu_hour_usd</c>,
/// <see cref="DefaultPowerUsdPerKwh"/> and <see cref="DefaultPue"/>.
/// </summary>
/// <param name="GpuHourUsd">US dollars per accelerator-hour for every pool; null takes each hardware file's figure.</param>
/// <param name="PowerUsdPerKwh">US dollars per kilowatt-hour drawn from the grid; null takes <see cref="DefaultPowerUsdPerKwh"/>.</param>
/// <param name="Pue">Power usage effectiveness (facility power over IT power, at least 1); null takes <see cref="DefaultPue"/>.</param>
public sealed record CostSection(double? GpuHourUsd, double? PowerUsdPerKwh, double? Pue)
{
    /// <summary>
    /// Default electricity price: the US industrial average retail price for 2023, 8.06 cents per kWh (EIA, as charted
    /// by Statista, "Average retail electricity price for industrial consumers in the United States 1970-2023", March 2024).
    /// </summary>
    public const double DefaultPowerUsdPerKwh = 0.0806;

    /// <summary>
    /// Default PUE: the industry average of the Uptime Institute Global Data Center Survey 2023, 1.58 (Uptime
    /// Intelligence Update 221, "Large data centers are mostly more efficient, analysis confirms", November 2023).
    /// </summary>
    public const double DefaultPue = 1.58;

    /// <summary>No key set: every default.</summary>
    public static readonly CostSection Unset = new(null, null, null);

    /// <summary>The electricity price in effect.</summary>
    public double PowerUsdPerKwhOrDefault => PowerUsdPerKwh ?? DefaultPowerUsdPerKwh;

    /// <summary>The PUE in effect.</summary>
    public double PueOrDefault => Pue ?? DefaultPue;
}
