using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Scenarios;
using ClusterSim.Serving;

namespace ClusterSim.Planning;

/// <summary>
/// Lays a scenario's calibration overlay (<see cref="Scenario.Calibration"/>) over what the planner resolves: the
/// scenario's expert settings before pools are planned, the hardware file's GEMM tile efficiencies, and the engine
/// profile. The one place an overlay acts, so run, sweep, capacity, measure-error and calibrate see the same deployment.
/// </summary>
internal static class CalibrationApplier
{
    /// <summary>The scenario with the overlay's all-to-all SMs on every pool and its skew factor on a log-normal routing σ.</summary>
    public static Scenario ApplyTo(Scenario scenario)
    {
        if (scenario.Calibration is not { } overlay)
        {
            return scenario;
        }

        if (overlay.ValueOf(CalibrationParameter.AllToAllSms) is { } sms)
        {
            var pools = scenario.Deployment.Pools.Select(p => p with { AllToAllSms = (int)Math.Round(sms) }).ToArray();
            scenario = scenario with { Deployment = scenario.Deployment with { Pools = pools } };
        }

        // Only a log-normal popularity has a σ to scale; uniform, Zipf and empirical routing are left as they are
        // (docs/calibration.md says why the factor is limited to the default routing).
        if (overlay.ValueOf(CalibrationParameter.ExpertSkew) is { } skew && scenario.ExpertsOrDefault is { Routing.Popularity: PopularityKind.LogNormal } experts)
        {
            scenario = scenario with { Experts = experts with { Routing = experts.Routing with { Sigma = experts.Routing.Sigma * skew } } };
        }

        return scenario;
    }

    /// <summary><paramref name="hardware"/> with the overlay's multipliers on its <c>gemm_tiles</c> efficiencies (capped at 100 %).</summary>
    public static AcceleratorSpec ApplyTo(AcceleratorSpec hardware, CalibrationOverlay? overlay)
    {
        if (overlay is null || hardware.GemmTiles is not { } tiles)
        {
            return hardware;
        }

        var compute = Scaled(tiles.Efficiency.Compute, overlay, CalibrationParameter.GemmCompute);
        var memory = Scaled(tiles.Efficiency.Memory, overlay, CalibrationParameter.GemmMemory);
        return hardware with { GemmTiles = tiles with { Efficiency = new OperationEfficiency(compute, memory) } };
    }

    /// <summary><paramref name="engine"/> with the overlay's host overheads.</summary>
    public static EngineProfile ApplyTo(EngineProfile engine, CalibrationOverlay? overlay)
    {
        if (overlay is null)
        {
            return engine;
        }

        if (overlay.ValueOf(CalibrationParameter.HostOverheadPerStep) is { } step)
        {
            engine = engine with { HostPerStep = new(CalibrationParameter.HostOverheadPerStep.Duration(step), SourceOf(overlay, CalibrationParameter.HostOverheadPerStep)) };
        }

        if (overlay.ValueOf(CalibrationParameter.HostOverheadPerRequest) is { } request)
        {
            engine = engine with { HostPerRequest = new(CalibrationParameter.HostOverheadPerRequest.Duration(request), SourceOf(overlay, CalibrationParameter.HostOverheadPerRequest)) };
        }

        return engine;
    }

    private static Sourced<double> Scaled(Sourced<double> efficiency, CalibrationOverlay overlay, CalibrationParameter parameter) =>
        overlay.ValueOf(parameter) is { } factor
            ? new(Math.Min(1, efficiency.Value * factor), SourceOf(overlay, parameter) with { Note = $"{factor:0.####} x the hardware file's {efficiency.Value:0.####}" })
            : efficiency;

    private static Source SourceOf(CalibrationOverlay overlay, CalibrationParameter parameter) =>
        new(SourceKind.Calibrated, $"{overlay.SourceOf(parameter)} ({Path.GetFileName(overlay.File)})");
}
