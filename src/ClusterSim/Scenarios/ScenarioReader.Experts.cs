using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Input;
using ClusterSim.Units;

namespace ClusterSim.Scenarios;

/// <content>The <c>experts</c> section: routing skew, placement and rebalancing (docs/scenarios.md, "experts").</content>
public static partial class ScenarioReader
{
    private static readonly string[] RoutingNames = ["measured", "uniform", "zipf", "lognormal", "group-limited", "empirical", "drifting"];
    private static readonly string[] BaseNames = ["measured", "uniform", "zipf", "lognormal", "empirical"];

    private static ExpertsSpec? ReadExperts(YamlMap root, string baseDirectory)
    {
        if (!root.Has("experts"))
        {
            return null;
        }

        var map = root.RequiredMap("experts").AllowOnly(ScenarioKeys.Experts.Keys);
        var routing = ReadRouting(map, baseDirectory);
        // Unset: EPLB for pools with redundant slots, contiguous elsewhere (ExpertsSpec.PlacementFor).
        PlacementKind? placement = map.Has("placement")
            ? map.OptionalChoice("placement", "contiguous", "contiguous", "eplb") == "eplb" ? PlacementKind.Eplb : PlacementKind.Contiguous
            : null;
        var rebalance = ExpertRebalanceSpec.Off;
        if (map.OptionalMap("rebalance") is { } r)
        {
            r.AllowOnly(ScenarioKeys.Rebalance.Keys);
            var interval = r.Required("interval", UnitParser.ParseDuration);
            if (interval <= SimDuration.Zero)
            {
                throw r.Error("interval", "must be longer than 0 (for example \"60 s\"); leave rebalance out to turn it off");
            }

            var window = r.Has("window") ? r.Required("window", UnitParser.ParseDuration) : interval;
            if (window < SimDuration.FromMicroseconds(1))
            {
                throw r.Error("window", "must be at least 1 us (for example \"30 s\")");
            }

            if (placement != PlacementKind.Eplb)
            {
                // Explicit: re-placement in a pool without redundant slots would otherwise turn on silently.
                throw map.Error("rebalance", "re-placement needs placement: eplb (contiguous placement never moves)");
            }

            rebalance = new ExpertRebalanceSpec(interval, window, r.OptionalDouble("min_gain", 0.05, 0, 10));
        }

        var samples = 2;
        if (map.Has("samples_per_step"))
        {
            samples = map.RequiredString("samples_per_step").Trim() == "all" ? 0 : map.OptionalInt("samples_per_step", 2, 1, 1000);
        }

        return new ExpertsSpec(routing, placement, rebalance, samples, ReadEplbWindow(map, placement));
    }

    /// <summary><c>eplb_window_tokens</c>: tokens the EPLB profile observed (a whole number ≥ 1), or <c>exact</c> (0).</summary>
    private static long ReadEplbWindow(YamlMap map, PlacementKind? placement)
    {
        if (!map.Has("eplb_window_tokens"))
        {
            return MeasuredExpertSkew.EplbWindowTokens;
        }

        if (placement == PlacementKind.Contiguous)
        {
            throw map.Error("eplb_window_tokens", "only placement: eplb plans from a window of observed tokens (contiguous placement never looks at loads)");
        }

        var text = map.RequiredString("eplb_window_tokens").Trim();
        if (text == "exact")
        {
            return 0;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var tokens) && tokens >= 1
            ? tokens
            : throw map.Error("eplb_window_tokens", $"'{text}' is not allowed; allowed: a whole number of tokens of at least 1 (default {MeasuredExpertSkew.EplbWindowTokens}), or exact to plan from the exact popularity");
    }

    private static ExpertRoutingSpec ReadRouting(YamlMap map, string baseDirectory)
    {
        if (!map.Has("routing"))
        {
            return ExpertRoutingSpec.Measured;
        }

        if (!map.IsMap("routing"))
        {
            var name = map.OptionalChoice("routing", "measured", RoutingNames);
            return name switch
            {
                "measured" => ExpertRoutingSpec.Measured,
                "uniform" => ExpertRoutingSpec.Uniform,
                "group-limited" => ExpertRoutingSpec.Measured with { GroupLimited = true },
                _ => throw map.Error("routing", $"'{name}' needs parameters; write it as a map, for example routing: {{ distribution: {name}, {Example(name)} }}"),
            };
        }

        var r = map.RequiredMap("routing").AllowOnly(ScenarioKeys.Routing.Keys);
        var distribution = r.OptionalChoice("distribution", "measured", RoutingNames);
        var grouped = distribution == "group-limited" || r.OptionalBool("group_limited", false);
        var baseName = distribution is "group-limited" or "drifting" ? r.OptionalChoice("base", "measured", BaseNames) : distribution;
        if (distribution is not ("group-limited" or "drifting") && r.Has("base"))
        {
            throw r.Error("base", $"only group-limited and drifting routing take a base distribution; '{distribution}' is one itself");
        }

        var spec = baseName switch
        {
            "zipf" => new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: Need(r, "s", "zipf", 0, 10)),
            "lognormal" => new ExpertRoutingSpec(PopularityKind.LogNormal, Sigma: Need(r, "sigma", "lognormal", 0, 10)),
            "empirical" => new ExpertRoutingSpec(PopularityKind.Empirical, EmpiricalPath: ReadHistogramPath(r, baseDirectory)),
            "measured" => ExpertRoutingSpec.Measured,
            _ => ExpertRoutingSpec.Uniform,
        };
        if (baseName == "measured" && (r.Has("sigma") || r.Has("s")))
        {
            throw r.Error(r.Has("sigma") ? "sigma" : "s", $"measured routing is log-normal with σ {MeasuredExpertSkew.LogNormalSigma} fixed by the published measurement (docs/experts.md); to choose σ write distribution: lognormal, sigma: 0.8");
        }

        spec = spec with { GroupLimited = grouped };
        if (distribution == "drifting")
        {
            var drift = r.OptionalChoice("drift", "rotate", "rotate", "random-walk") == "rotate" ? DriftKind.Rotate : DriftKind.RandomWalk;
            spec = spec with { Drift = drift, DriftRate = Need(r, "rate", "drifting", 0, 1e6) };
        }
        else if (r.Has("drift") || r.Has("rate"))
        {
            throw r.Error(r.Has("drift") ? "drift" : "rate", "only distribution: drifting moves over time; set distribution: drifting and base: " + distribution);
        }

        return spec;
    }

    private static double Need(YamlMap r, string key, string distribution, double minimum, double maximum)
    {
        if (!r.Has(key))
        {
            throw r.Error(key, $"missing key '{key}', which {distribution} routing needs ({Example(distribution)})");
        }

        return r.OptionalDouble(key, 0, minimum, maximum);
    }

    private static string ReadHistogramPath(YamlMap r, string baseDirectory)
    {
        if (!r.Has("path"))
        {
            throw r.Error("path", "missing key 'path', which empirical routing needs (a CSV file with rows layer,expert,weight)");
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, r.RequiredString("path")));
        try
        {
            ExpertHistogram.Read(path);
        }
        catch (ExpertHistogramException e)
        {
            throw r.Error("path", e.Message);
        }

        return path;
    }

    private static string Example(string distribution) => distribution switch
    {
        "zipf" => "s: 1.2",
        "lognormal" => "sigma: 0.8",
        "empirical" => "path: expert-histogram.csv",
        "drifting" => "base: zipf, s: 1.2, drift: rotate, rate: 0.5",
        _ => string.Empty,
    };
}
