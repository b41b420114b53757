using ClusterSim.Input;
using ClusterSim.Units;
using ClusterSim.Workloads;

namespace ClusterSim.Scenarios;

/// <content>The <c>workload</c> section: synthetic arrivals with length distributions, or a trace replay.</content>
public static partial class ScenarioReader
{
    private static WorkloadSpec ReadWorkload(YamlMap map)
    {
        WorkloadSpec spec;
        Func<string, string> keyOf;
        if (map.Has("trace"))
        {
            if (map.Keys.FirstOrDefault(k => !ScenarioKeys.TraceReplay.Keys.Contains(k)) is { } synthetic)
            {
                throw map.Error("trace", $"a trace replay cannot be combined with synthetic traffic keys (found '{synthetic}'); under workload use either trace: {{ path, format, ... }} alone, or arrival, rate_per_s, input_tokens, output_tokens, duration, requests");
            }

            spec = ReadTrace(map.RequiredMap("trace"));
            // The spec names its keys under workload.; in the file they sit under workload.trace.
            keyOf = k => k.StartsWith("workload.", StringComparison.Ordinal) ? "workload.trace." + k["workload.".Length..] : k;
        }
        else if (map.OptionalString("arrival") == "closed")
        {
            spec = ReadClosedLoop(map);
            keyOf = k => k;
        }
        else
        {
            map.AllowOnly(ScenarioKeys.Synthetic.Keys);
            spec = ReadSynthetic(map);
            // The arrival process's keys sit flat under workload. in the file.
            keyOf = k => k.Replace("workload.arrival.process", "workload.arrival", StringComparison.Ordinal)
                .Replace("workload.arrival.", "workload.", StringComparison.Ordinal);
        }

        if (spec.Validate() is [var first, ..])
        {
            throw new InputException(map.File, keyOf(first.KeyPath), first.Problem);
        }

        return spec;
    }

    private static SyntheticWorkloadSpec ReadSynthetic(YamlMap map)
    {
        var arrivalName = map.OptionalChoice("arrival", "poisson", "poisson", "gamma", "constant", "closed");
        var process = arrivalName switch
        {
            "gamma" => ArrivalProcessKind.Gamma,
            "constant" => ArrivalProcessKind.Constant,
            _ => ArrivalProcessKind.Poisson,
        };
        var rate = map.OptionalDouble("rate_per_s", double.NaN);
        if (double.IsNaN(rate))
        {
            throw map.Error("rate_per_s", "missing: the mean arrival rate in requests per second");
        }

        double? cv = map.Has("cv") ? map.OptionalDouble("cv", 1) : null;
        var duration = map.Has("duration") ? map.Required("duration", UnitParser.ParseDuration) : (Engine.SimDuration?)null;
        long? requests = map.Has("requests") ? map.OptionalInt("requests", 1, 1) : null;
        return new SyntheticWorkloadSpec(
            new ArrivalProcessSpec(process, rate, cv),
            ReadLengths(map, "input_tokens"),
            ReadLengths(map, "output_tokens"),
            duration,
            requests)
        {
            KvPreloaded = KvPreloadedOf(map),
        };
    }

    private static ClosedLoopWorkloadSpec ReadClosedLoop(YamlMap map)
    {
        // An open loop's keys are refused by name, so a leftover rate_per_s says it does not apply here.
        map.AllowOnly(ScenarioKeys.ClosedLoop.Keys);
        if (!map.Has("concurrency"))
        {
            throw map.Error("concurrency", "missing: the number of clients of the closed loop (each keeps one request in flight)");
        }

        if (!map.Has("requests"))
        {
            throw map.Error("requests", "missing: the total number of requests the clients send (the run ends when all have ended)");
        }

        return new ClosedLoopWorkloadSpec(
            map.OptionalInt("concurrency", 1, 1, ClosedLoopWorkloadSpec.MaxConcurrency),
            map.OptionalInt("requests", 1, 1),
            ReadLengths(map, "input_tokens"),
            ReadLengths(map, "output_tokens"))
        {
            ThinkTime = map.Has("think_time") ? map.Required("think_time", UnitParser.ParseDuration) : Engine.SimDuration.Zero,
            KvPreloaded = KvPreloadedOf(map),
        };
    }

    private static bool? KvPreloadedOf(YamlMap map) => map.Has("kv_preloaded") ? map.OptionalBool("kv_preloaded", false) : null;

    private static LengthDistributionSpec ReadLengths(YamlMap parent, string key)
    {
        if (!parent.IsMap(key))
        {
            // A bare number is a fixed length.
            return LengthDistributionSpec.Fixed(parent.RequiredInt(key, 1));
        }

        var map = parent.RequiredMap(key);
        map.AllowOnly(ScenarioKeys.Lengths.Keys);
        var kind = map.OptionalChoice("distribution", "fixed", "fixed", "uniform", "lognormal", "zipf", "empirical", "uniform_ratio") switch
        {
            "uniform_ratio" => LengthDistributionKind.UniformRatio,
            "uniform" => LengthDistributionKind.Uniform,
            "lognormal" => LengthDistributionKind.LogNormal,
            "zipf" => LengthDistributionKind.Zipf,
            "empirical" => LengthDistributionKind.Empirical,
            _ => LengthDistributionKind.Fixed,
        };
        int? OptInt(string k) => map.Has(k) ? map.RequiredInt(k, int.MinValue) : null;
        double? OptDouble(string k) => map.Has(k) ? map.OptionalDouble(k, 0) : null;
        EmpiricalLengthsSpec? empirical = null;
        if (kind == LengthDistributionKind.Empirical)
        {
            TraceFormat? format = null;
            if (map.OptionalString("format") is { } f)
            {
                format = TraceFormats.TryParse(f, out var parsed) ? parsed : throw map.Error("format", $"'{f}' is not a trace format; allowed: {TraceFormats.AllowedNames}");
            }

            var column = map.OptionalChoice("column", key == "output_tokens" ? "output" : "input", "input", "output") == "output" ? TokenColumn.Output : TokenColumn.Input;
            empirical = new EmpiricalLengthsSpec(map.RequiredString("path"), format, column);
        }

        return new LengthDistributionSpec
        {
            Distribution = kind,
            Value = OptInt("value"),
            Min = OptInt("min"),
            Max = OptInt("max"),
            Mean = OptDouble("mean"),
            Median = OptDouble("median"),
            Sigma = OptDouble("sigma"),
            Exponent = OptDouble("exponent"),
            Ratio = OptDouble("ratio"),
            Empirical = empirical,
        };
    }

    private static TraceWorkloadSpec ReadTrace(YamlMap map)
    {
        map.AllowOnly(ScenarioKeys.Trace.Keys);
        var formatText = map.RequiredString("format");
        if (!TraceFormats.TryParse(formatText, out var format))
        {
            throw map.Error("format", $"'{formatText}' is not a trace format; allowed: {TraceFormats.AllowedNames}");
        }

        return new TraceWorkloadSpec(map.RequiredString("path"), format)
        {
            TimeScale = map.Has("time_scale") ? map.OptionalDouble("time_scale", 1) : null,
            RatePerSecond = map.Has("rate_per_s") ? map.OptionalDouble("rate_per_s", 1) : null,
            Requests = map.Has("requests") ? map.OptionalInt("requests", 1, 1) : null,
            Duration = map.Has("duration") ? map.Required("duration", UnitParser.ParseDuration) : null,
            OnBadRow = map.OptionalChoice("on_bad_row", "fail", "fail", "skip") == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail,
        };
    }
}
