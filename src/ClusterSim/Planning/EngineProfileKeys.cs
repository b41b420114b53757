using ClusterSim.Hardware;
using ClusterSim.Input;

namespace ClusterSim.Planning;

/// <summary>
/// The keys an engine profile (scenarios/engines/*.yaml) accepts: the list <see cref="EngineCatalog"/> checks and
/// scenarios/schemas/engine.schema.json describes (SchemaKeyTests compares the two both ways).
/// </summary>
internal static class EngineProfileKeys
{
    public static readonly KeySet Root = new(
        string.Empty, "name", "sources", "host_overhead_per_step", "host_overhead_per_request", "overlap_scheduler");

    /// <summary>Figures are read as a hardware file's are.</summary>
    public static readonly KeySet Figure = AcceleratorSpecKeys.Figure;
}
