using ClusterSim.Units;

namespace ClusterSim.Hardware;

/// <summary>Board power of one accelerator, the two ends of the power model (docs/modeling.md, "Power and energy").</summary>
/// <param name="BoardMax">Board power at full load: the published TDP or total board power.</param>
/// <param name="Idle">Board power with a model loaded and nothing running (never above <paramref name="BoardMax"/>).</param>
public sealed record PowerSpec(Sourced<ElectricPower> BoardMax, Sourced<ElectricPower> Idle);
