namespace ClusterSim.Runs;

/// <summary>Energy and cost of one pool, or of the whole deployment (summary.json's <c>energy</c> block, docs/traces.md).</summary>
/// <param name="Name">Pool name, or "overall".</param>
/// <param name="Accelerators">Accelerators counted.</param>
/// <param name="EnergyJoules">Board energy over the whole run (warm-up and drain included), before PUE.</param>
/// <param name="MeanPowerPerGpuWatts">Mean board power per accelerator over the run.</param>
/// <param name="JoulesPerOutputToken">Facility energy (board × PUE) per output token at the window's output rate; null when the window produced none.</param>
/// <param name="UsdPerMillionOutputTokens">Accelerator-hours plus facility electricity per million output tokens at the window's rate; null without a price or tokens.</param>
public sealed record PoolEnergy(
    string Name,
    int Accelerators,
    double EnergyJoules,
    double MeanPowerPerGpuWatts,
    double? JoulesPerOutputToken,
    double? UsdPerMillionOutputTokens);

/// <summary>The run's energy and cost figures and the prices they used.</summary>
/// <param name="Pools">Per pool, in deployment order.</param>
/// <param name="Overall">The deployment as a whole.</param>
/// <param name="Pue">Power usage effectiveness applied.</param>
/// <param name="PowerUsdPerKwh">Electricity price applied.</param>
/// <param name="GpuHourUsd">Price per accelerator-hour applied when one price covers every pool (null when pools differ or none is known).</param>
public sealed record RunEnergy(IReadOnlyList<PoolEnergy> Pools, PoolEnergy Overall, double Pue, double PowerUsdPerKwh, double? GpuHourUsd);
