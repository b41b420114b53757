using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Units;

namespace ClusterSim.Scenarios;

/// <summary>
/// One parameter <c>clustersim calibrate</c> can fit and a calibration overlay can set: its name in files and on the
/// command line, its unit, and the bounds a fit searches within (docs/calibration.md, "What calibrate fits").
/// </summary>
/// <param name="Name">The key (<c>host_overhead_per_step</c>, ...).</param>
/// <param name="Minimum">The smallest value a fit tries, in the parameter's unit.</param>
/// <param name="Maximum">The largest value a fit tries.</param>
/// <param name="Unit">The unit values are written in: <c>ms</c>, <c>us</c>, <c>x</c> (a multiplier) or <c>SMs</c>.</param>
/// <param name="Description">What it changes, for help and docs.</param>
public sealed record CalibrationParameter(string Name, double Minimum, double Maximum, string Unit, string Description)
{
    /// <summary>The engine profile's host time per iteration, in ms.</summary>
    public static readonly CalibrationParameter HostOverheadPerStep = new(
        "host_overhead_per_step", 0, 20, "ms", "the engine profile's host_overhead_per_step");

    /// <summary>The engine profile's host time per running request per iteration, in µs.</summary>
    public static readonly CalibrationParameter HostOverheadPerRequest = new(
        "host_overhead_per_request", 0, 500, "us", "the engine profile's host_overhead_per_request");

    /// <summary>A multiplier on the hardware file's <c>gemm_tiles.compute</c> (the product is capped at 100 %).</summary>
    public static readonly CalibrationParameter GemmCompute = new(
        "gemm_compute", 0.25, 2, "x", "multiplier on the hardware file's gemm_tiles.compute (product capped at 100 %)");

    /// <summary>A multiplier on the hardware file's <c>gemm_tiles.memory</c> (the product is capped at 100 %).</summary>
    public static readonly CalibrationParameter GemmMemory = new(
        "gemm_memory", 0.25, 2, "x", "multiplier on the hardware file's gemm_tiles.memory (product capped at 100 %)");

    /// <summary><c>experts.all_to_all_sms</c> of every MoE pool (rounded to a whole SM count).</summary>
    public static readonly CalibrationParameter AllToAllSms = new(
        "all_to_all_sms", 0, 64, "SMs", "experts.all_to_all_sms of every MoE pool (rounded)");

    /// <summary>A multiplier on the log-normal σ of expert popularity: the residual expert imbalance.</summary>
    public static readonly CalibrationParameter ExpertSkew = new(
        "expert_skew", 0, 2, "x", "multiplier on the log-normal sigma of expert popularity (experts.routing), the residual expert imbalance");

    /// <summary>Every parameter, in the order files list them.</summary>
    public static readonly IReadOnlyList<CalibrationParameter> All = [HostOverheadPerStep, HostOverheadPerRequest, GemmCompute, GemmMemory, AllToAllSms, ExpertSkew];

    /// <summary>The parameters fitted when --params is not given.</summary>
    public static readonly IReadOnlyList<CalibrationParameter> Defaults = [HostOverheadPerStep, HostOverheadPerRequest, GemmCompute, GemmMemory];

    /// <summary>The names, comma-separated, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(p => p.Name));

    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public static CalibrationParameter? Find(string name) => All.FirstOrDefault(p => p.Name == name.Trim());

    /// <summary>A value as a file writes it: "3.012 ms", "0.8123", "24".</summary>
    public string Format(double value) => Unit switch
    {
        "ms" or "us" => value.ToString("0.####", CultureInfo.InvariantCulture) + " " + Unit,
        "SMs" => Math.Round(value).ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a value as <see cref="Format"/> writes it (durations in any unit the unit parser takes).</summary>
    /// <exception cref="FormatException">Not a value of this parameter's kind.</exception>
    public double Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Unit switch
        {
            "ms" => UnitParser.ParseDuration(text).Nanoseconds / 1e6,
            "us" => UnitParser.ParseDuration(text).Nanoseconds / 1e3,
            _ => double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>What a value looks like, for errors: "a duration such as 3 ms", "a multiplier such as 0.8", "a whole number of SMs".</summary>
    public string Expected => Unit switch
    {
        "ms" => "a duration such as 3 ms",
        "us" => "a duration such as 40 us",
        "SMs" => "a whole number of SMs",
        _ => "a multiplier such as 0.8",
    };

    /// <summary>A duration parameter's value as a duration (ms or µs).</summary>
    public SimDuration Duration(double value) => SimDuration.FromNanoseconds((long)Math.Round(value * (Unit == "ms" ? 1e6 : 1e3)));
}
