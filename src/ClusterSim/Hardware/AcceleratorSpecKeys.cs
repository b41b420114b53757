using ClusterSim.Input;

namespace ClusterSim.Hardware;

/// <summary>
/// Every mapping of a hardware file and the keys it accepts: the one list <see cref="AcceleratorSpecReader"/> checks
/// keys against and scenarios/schemas/hardware.schema.json describes (SchemaTests compares the two both ways).
/// The <c>sources</c> mapping is left out: its keys are names the file chooses.
/// </summary>
internal static class AcceleratorSpecKeys
{
    public static readonly KeySet Root = new(
        string.Empty,
        "name", "vendor", "sources", "peak_dense_flops", "hbm", "scale_up", "scale_out", "kernel_launch_overhead", "efficiency", "streaming_multiprocessors", "gemm_tiles", "mla_decode", "power", "gpu_hour_usd");

    /// <summary>One peak per data type, keyed by the type's name.</summary>
    public static readonly KeySet PeakFlops = new("peak_dense_flops", [.. Enum.GetValues<DataType>().Select(t => t.Name())]);

    public static readonly KeySet Hbm = new("hbm", "capacity", "bandwidth");

    public static readonly KeySet ScaleUp = new("scale_up", "kind", "bandwidth_per_direction", "domain_size", "alpha");

    public static readonly KeySet ScaleOut = new("scale_out", "nic_bandwidth_per_accelerator", "nics_per_node", "alpha");

    public static readonly KeySet Efficiency = new("efficiency", "gemm", "attention", "memory_bound", "communication");

    public static readonly KeySet Communication = new("communication_efficiency", "scale_up", "scale_out");

    /// <summary>The efficiency of one operation class (gemm, attention, memory_bound).</summary>
    public static readonly KeySet Operation = new("operation_efficiency", "compute", "memory");

    /// <summary>Board power at full load and at idle (the power model's two ends).</summary>
    public static readonly KeySet Power = new("power", "board_max", "idle");

    /// <summary>The constants of the GEMM tile model.</summary>
    public static readonly KeySet GemmTiles = new("gemm_tiles", "compute", "memory", "fixed_per_call");

    /// <summary>The absorbed-MLA decode kernel's fixed cost per call.</summary>
    public static readonly KeySet MlaDecode = new("mla_decode", "fixed_per_call");

    /// <summary>Every figure: its value, where it comes from, and an optional note.</summary>
    public static readonly KeySet Figure = new("figure", "value", "source", "note");
}
