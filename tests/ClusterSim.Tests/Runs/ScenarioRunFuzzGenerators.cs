using System.Globalization;
using System.Text;
using ClusterSim.Engine.Random;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Tests.Runs;

/// <summary>One pool of a deployment shape: how many instances it may have and how each is laid out.</summary>
/// <param name="Name">Pool key under deployment (serving, prefill, decode, attention).</param>
/// <param name="MaxInstances">Most instances the cluster leaves room for.</param>
/// <param name="Accelerators">accelerators_per_instance.</param>
/// <param name="Tp">attention.tp (dp is the rest).</param>
/// <param name="Ep">experts.ep; 0 for a dense model (no experts key).</param>
/// <param name="Redundant">A valid non-zero experts.redundant (a multiple of what keeps E + r divisible by ep).</param>
public sealed record FuzzPool(string Name, int MaxInstances, int Accelerators, int Tp, int Ep, int Redundant);

/// <summary>
/// A deployment the fuzzer varies: model, hardware, cluster and pools, each small enough that a run of a few dozen
/// requests takes well under a second. AFD shapes have one attention pool and <see cref="AfdExperts"/> expert
/// accelerators per instance.
/// </summary>
public sealed record FuzzShape(
    string Label,
    string Model,
    string Hardware,
    int Nodes,
    int PerNode,
    string Mode,
    IReadOnlyList<FuzzPool> Pools,
    bool Moe,
    bool GroupLimitedRouting,
    int AfdExperts = 0,
    int AfdRedundant = 0);

/// <summary>One fault gene: rendered as a straggler, a link fault or an instance loss, whichever the deployment allows.</summary>
public sealed record FuzzFault(int Kind, int Pool, int Instance, int Accelerator, int Factor, int StartPercent, int LengthPercent);

/// <summary>
/// A point of the scenario space as independent genes. Every gene has a simple value at 0 (or false), and every
/// combination renders to a valid scenario, so shrinking one gene at a time toward 0 always stays valid.
/// </summary>
public sealed record FuzzCase(
    int Shape,
    int InstancesA,
    int InstancesB,
    int MicroBatches,
    int Policy,
    int Router,
    int Admission,
    int AdmissionParameter,
    int Arrival,
    int Requests,
    int Concurrency,
    int ThinkTime,
    int Rate,
    int InputLengths,
    int OutputLengths,
    bool KvPreloaded,
    int DraftTokens,
    int Acceptance,
    bool PrefixCaching,
    FuzzFault[] Faults,
    int Duration,
    int DrainLimit,
    bool Warmup,
    bool LayerFidelity,
    bool AlphaBeta,
    bool DirectRouting,
    int ExpertRouting,
    bool Eplb,
    bool Rebalance,
    int SamplesPerStep,
    bool Redundant,
    int KvTokens,
    int KvBlock,
    bool KvFp8,
    int MaxRunning,
    int MaxBatchTokens,
    int Seed,
    int AllToAll = 0,
    bool NoDecodeReservation = false,
    int WeightFormats = 0)
{
    /// <summary>Compact, readable form for failure messages (the default record print hides the fault array).</summary>
    public override string ToString() =>
        $"{RunFuzzCases.Shapes[Shape].Label} inst {InstancesA}/{InstancesB} mb {MicroBatches} policy {RunFuzzCases.Policies[Policy]} router {RunFuzzCases.Routers[Router]} "
        + $"admission {Admission}/{AdmissionParameter} arrival {Arrival} requests {Requests} conc {Concurrency} think {ThinkTime} rate {Rate} in {InputLengths} out {OutputLengths} "
        + $"preloaded {KvPreloaded} draft {DraftTokens}/{Acceptance} prefix {PrefixCaching} faults [{string.Join("; ", Faults.Select(f => f.ToString()))}] "
        + $"duration {Duration} drain {DrainLimit} warmup {Warmup} layer {LayerFidelity} alphabeta {AlphaBeta} direct {DirectRouting} experts {ExpertRouting}/{Eplb}/{Rebalance}/{SamplesPerStep}/{Redundant} "
        + $"kv {KvTokens}/{KvBlock}/{KvFp8} running {MaxRunning} batch {MaxBatchTokens} seed {Seed} a2a {AllToAll} no-reservation {NoDecodeReservation} formats {WeightFormats}";
}

/// <summary>The FsCheck generator and shrinker of <see cref="FuzzCase"/>, and its rendering to scenario YAML.</summary>
public static class RunFuzzCases
{
    /// <summary>Policies as scenario files name them.</summary>
    public static readonly string[] Policies = ["decode-first", "fcfs", "chunked-prefill", "prefill-first", "slo-edf", "shortest-prompt-first"];

    /// <summary>experts.all_to_all values (index 0 of the gene leaves the key out).</summary>
    public static readonly string[] AllToAllKernels = ["normal", "low-latency", "direct"];

    /// <summary>Per-tensor weight formats added to model.precision after <c>weights: fp8</c>.</summary>
    public static readonly string[] WeightFormatSets = ["", ", expert_weights: fp4", ", expert_weights: mxfp4, attention_weights: bf16", ", dense_weights: bf16"];

    /// <summary>Routers as scenario files name them.</summary>
    public static readonly string[] Routers = ["least-tokens", "round-robin", "power-of-two", "prefix-affinity", "prefix-aware", "kv-aware"];

    /// <summary>Deployments: colocated, disaggregated and AFD, dense and MoE, one to sixteen accelerators.</summary>
    public static readonly FuzzShape[] Shapes =
    [
        new("colocated mixtral 1-GPU instances", "mixtral-8x7b", "h200", 1, 4, "colocated", [new("serving", 2, 1, 1, 1, 1)], Moe: true, GroupLimitedRouting: false),
        new("colocated mixtral DP2 EP2", "mixtral-8x7b", "h200", 1, 4, "colocated", [new("serving", 2, 2, 1, 2, 2)], Moe: true, GroupLimitedRouting: false),
        new("colocated llama-70b TP2", "llama-3-70b", "h100", 1, 4, "colocated", [new("serving", 2, 2, 2, 0, 0)], Moe: false, GroupLimitedRouting: false),
        new("colocated deepseek-v3 DP8 EP8", "deepseek-v3", "h200", 1, 8, "colocated", [new("serving", 1, 8, 1, 8, 8)], Moe: true, GroupLimitedRouting: true),
        new("disaggregated mixtral", "mixtral-8x7b", "h200", 2, 4, "disaggregated", [new("prefill", 2, 1, 1, 1, 1), new("decode", 2, 2, 1, 2, 2)], Moe: true, GroupLimitedRouting: false),
        new("disaggregated llama-70b TP2", "llama-3-70b", "h100", 2, 4, "disaggregated", [new("prefill", 2, 2, 2, 0, 0), new("decode", 2, 2, 2, 0, 0)], Moe: false, GroupLimitedRouting: false),
        new("AFD mixtral", "mixtral-8x7b", "h200", 2, 4, "afd", [new("attention", 2, 1, 1, 0, 0)], Moe: true, GroupLimitedRouting: false, AfdExperts: 2, AfdRedundant: 2),
        new("disaggregated deepseek-v3 EP8", "deepseek-v3", "h200", 2, 8, "disaggregated", [new("prefill", 1, 8, 1, 8, 8), new("decode", 1, 8, 1, 8, 8)], Moe: true, GroupLimitedRouting: true),
    ];

    private static readonly string[] Durations = ["2 s", "500 ms", "5 s", "20 s"];
    private static readonly string?[] DrainLimits = [null, "0 s", "20 ms", "300 ms", "2 s"];
    private static readonly double[] Rates = [20, 2, 200, 2000];
    private static readonly int[] KvBlocks = [64, 16, 128, 1, 32];
    private static readonly int[] MaxRunnings = [64, 1, 2, 4, 16];
    private static readonly int[] MaxBatchTokens = [2048, 16, 64, 256, 8192, 1, 3];
    private static readonly double[] Acceptances = [0.85, 0, 0.5, 1];

    /// <summary>KV tokens per attention rank the generator aims for (0: the default, roomy 0.9 of HBM).</summary>
    public static readonly int[] KvTargets = [0, 16384, 2048, 1024];

    /// <summary>Fuzz cases drawn uniformly over every gene's range.</summary>
    public static Arbitrary<FuzzCase> Arbitrary() => Arb.From(Generator(), Shrink);

    // One 64-bit seed per case, expanded gene by gene: a single FsCheck draw keeps generation cheap to compile and
    // uniform over every gene's range (FsCheck's own sized integers stay near zero), and Shrink does the shrinking.
    private static Gen<FuzzCase> Generator() =>
        Gen.Choose(0, int.MaxValue).Two().Select(pair => Draw(((ulong)(uint)pair.Item1 << 32) | (uint)pair.Item2));

    /// <summary>The case that <paramref name="seed"/> expands to.</summary>
    public static FuzzCase Draw(ulong seed)
    {
        var r = new RandomStream(seed);
        int Pick(int count) => r.NextInt(count);
        bool OneIn(int n) => r.NextInt(n) == 0;
        bool Coin() => r.NextInt(2) == 0;
        var faults = OneIn(3)
            ? Enumerable.Range(0, 1 + Pick(3)).Select(_ => new FuzzFault(Pick(3), Pick(2), Pick(2), Pick(16), Pick(4), Pick(100), 1 + Pick(100))).ToArray()
            : [];
        return new FuzzCase(
            Shape: Pick(Shapes.Length),
            InstancesA: Pick(2),
            InstancesB: Pick(2),
            MicroBatches: Pick(3),
            Policy: Pick(Policies.Length),
            Router: Pick(Routers.Length),
            Admission: OneIn(4) ? 1 + Pick(2) : 0,
            AdmissionParameter: Pick(4),
            Arrival: Pick(5),
            Requests: 1 + Pick(24),
            Concurrency: 1 + Pick(8),
            ThinkTime: Pick(3),
            Rate: Pick(Rates.Length),
            InputLengths: Pick(10),
            OutputLengths: Pick(10),
            KvPreloaded: OneIn(4),
            DraftTokens: OneIn(3) ? 1 + Pick(3) : 0,
            Acceptance: Pick(Acceptances.Length),
            PrefixCaching: Coin(),
            Faults: faults,
            Duration: Pick(Durations.Length),
            DrainLimit: Pick(DrainLimits.Length),
            Warmup: Coin(),
            LayerFidelity: OneIn(6),
            AlphaBeta: Coin(),
            DirectRouting: Coin(),
            ExpertRouting: Pick(6),
            Eplb: Coin(),
            Rebalance: Coin(),
            SamplesPerStep: Pick(3),
            Redundant: Coin(),
            KvTokens: Pick(KvTargets.Length),
            KvBlock: Pick(KvBlocks.Length),
            KvFp8: Coin(),
            MaxRunning: Pick(MaxRunnings.Length),
            MaxBatchTokens: Pick(MaxBatchTokens.Length),
            Seed: Pick(1000),
            AllToAll: Pick(AllToAllKernels.Length),
            NoDecodeReservation: OneIn(3),
            WeightFormats: Pick(WeightFormatSets.Length));
    }

    /// <summary>Simpler cases: fewer faults and requests, then each gene back to its simple value.</summary>
    public static IEnumerable<FuzzCase> Shrink(FuzzCase c)
    {
        for (var i = 0; i < c.Faults.Length; i++)
        {
            yield return c with { Faults = [.. c.Faults.Where((_, j) => j != i)] };
        }

        if (c.Requests > 1)
        {
            yield return c with { Requests = c.Requests / 2 };
            yield return c with { Requests = c.Requests - 1 };
        }

        if (c.Shape != 0)
        {
            yield return c with { Shape = 0 };
        }

        foreach (var simpler in new[]
        {
            c with { InstancesA = 0 }, c with { InstancesB = 0 }, c with { MicroBatches = 0 }, c with { Policy = 0 }, c with { Router = 0 },
            c with { Admission = 0 }, c with { AdmissionParameter = 0 }, c with { Arrival = 0 }, c with { Concurrency = 1 }, c with { ThinkTime = 0 },
            c with { Rate = 0 }, c with { InputLengths = 0 }, c with { OutputLengths = 0 }, c with { KvPreloaded = false }, c with { DraftTokens = 0 },
            c with { Acceptance = 0 }, c with { PrefixCaching = false }, c with { Duration = 0 }, c with { DrainLimit = 0 }, c with { Warmup = false },
            c with { LayerFidelity = false }, c with { AlphaBeta = false }, c with { DirectRouting = false }, c with { ExpertRouting = 0 },
            c with { Eplb = false }, c with { Rebalance = false }, c with { SamplesPerStep = 0 }, c with { Redundant = false }, c with { KvTokens = 0 },
            c with { KvBlock = 0 }, c with { KvFp8 = false }, c with { MaxRunning = 0 }, c with { MaxBatchTokens = 0 }, c with { Seed = 0 },
            c with { AllToAll = 0 }, c with { NoDecodeReservation = false }, c with { WeightFormats = 0 },
        })
        {
            if (simpler != c)
            {
                yield return simpler;
            }
        }
    }

    /// <summary>True when the case replays the Mooncake sample (prefix hashes) rather than synthetic traffic.</summary>
    public static bool IsTrace(FuzzCase c) => c.Arrival == 4;

    /// <summary>True when the case is a closed loop.</summary>
    public static bool IsClosed(FuzzCase c) => c.Arrival == 3;

    /// <summary>
    /// The scenario YAML of <paramref name="c"/>; <paramref name="kvFractions"/> gives each pool's kv_memory_fraction
    /// (null: 0.9), so the caller can shrink the KV cache to a target once it knows the pools' weights.
    /// </summary>
    public static string Render(FuzzCase c, IReadOnlyList<double>? kvFractions = null)
    {
        var shape = Shapes[c.Shape];
        var y = new StringBuilder();
        y.Append(Inv($"name: fuzz\nseed: {c.Seed}\n"));
        y.Append(Inv($"model: {{ config: {shape.Model}, precision: {{ weights: fp8{WeightFormatSets[c.WeightFormats]}{(c.KvFp8 ? ", kv_cache: fp8" : string.Empty)} }} }}\n"));
        y.Append(Inv($"hardware: {shape.Hardware}\n"));
        y.Append(Inv($"cluster: {{ nodes: {shape.Nodes}, accelerators_per_node: {shape.PerNode}, fabric: {{ link_model: {(c.AlphaBeta ? "alpha-beta" : "fair-share")}, routing: {(c.DirectRouting ? "direct" : "hierarchical")} }} }}\n"));
        var instances = Instances(c);
        y.Append(Inv($"deployment:\n  mode: {shape.Mode}\n"));
        if (shape.Mode == "afd")
        {
            y.Append(Inv($"  micro_batches: {1 + c.MicroBatches}\n"));
        }

        for (var p = 0; p < shape.Pools.Count; p++)
        {
            var pool = shape.Pools[p];
            var fraction = kvFractions?[p] ?? 0.9;
            y.Append(Inv($"  {pool.Name}:\n    instances: {instances[p]}\n    accelerators_per_instance: {pool.Accelerators}\n"));
            y.Append(Inv($"    attention: {{ tp: {pool.Tp}, dp: {pool.Accelerators / pool.Tp} }}\n"));
            if (pool.Ep > 0)
            {
                // Pools differ in their kernels when the gene is set (prefill normal, decode low-latency, and so on).
                var kernels = c.AllToAll == 0 ? string.Empty : ", all_to_all: " + AllToAllKernels[(c.AllToAll + p) % AllToAllKernels.Length];
                y.Append(Inv($"    experts: {{ ep: {pool.Ep}, redundant: {(c.Redundant ? pool.Redundant : 0)}{kernels} }}\n"));
            }

            if (shape.Mode != "afd")
            {
                y.Append(Inv($"    micro_batches: {Math.Min(2, 1 + c.MicroBatches)}\n"));
            }

            y.Append(Inv($"    max_batch_tokens: {MaxBatchTokens[c.MaxBatchTokens]}\n    max_running_requests: {MaxRunnings[c.MaxRunning]}\n"));
            y.Append(Inv($"    kv_block_tokens: {KvBlocks[c.KvBlock]}\n    kv_memory_fraction: {fraction:0.######}\n"));
        }

        if (shape.Mode == "afd")
        {
            y.Append(Inv($"  experts: {{ accelerators_per_instance: {shape.AfdExperts}, redundant: {(c.Redundant ? shape.AfdRedundant : 0)} }}\n"));
        }

        AppendWorkload(y, c);
        AppendScheduler(y, c);
        var duration = Durations[c.Duration];
        // AFD plans no per-layer stages, so it runs at step fidelity only (the reader refuses layer).
        var layer = c.LayerFidelity && shape.Mode != "afd";
        y.Append(Inv($"simulation: {{ duration: {duration}, fidelity: {(layer ? "layer" : "step")}"));
        if (c.Warmup)
        {
            y.Append(", warmup: 100 ms");
        }

        if (DrainLimits[c.DrainLimit] is { } drain)
        {
            y.Append(Inv($", drain_limit: {drain}"));
        }

        y.Append(" }\n");
        AppendExperts(y, c, shape);
        AppendFaults(y, c, shape, instances);
        return y.ToString();
    }

    /// <summary>Instances of each pool: 1, or 2 where the cluster has room.</summary>
    public static int[] Instances(FuzzCase c)
    {
        var shape = Shapes[c.Shape];
        return [.. shape.Pools.Select((pool, p) => Math.Min(pool.MaxInstances, 1 + (p == 0 ? c.InstancesA : c.InstancesB)))];
    }

    private static void AppendWorkload(StringBuilder y, FuzzCase c)
    {
        if (IsTrace(c))
        {
            // The Mooncake sample carries prefix hashes (prefix caching, prefix routers) and long prompts.
            y.Append(Inv($"workload:\n  trace: {{ path: workloads/mooncake-sample.jsonl, format: mooncake, requests: {1 + (c.Requests % 6)}, time_scale: 0.02 }}\n"));
            return;
        }

        y.Append("workload:\n");
        if (IsClosed(c))
        {
            string[] think = ["0 s", "5 ms", "200 ms"];
            y.Append(Inv($"  arrival: closed\n  concurrency: {c.Concurrency}\n  requests: {c.Requests}\n  think_time: {think[c.ThinkTime]}\n"));
        }
        else
        {
            string[] arrivals = ["poisson", "gamma", "constant"];
            y.Append(Inv($"  arrival: {arrivals[c.Arrival]}\n  rate_per_s: {Rates[c.Rate]}\n  requests: {c.Requests}\n"));
            if (c.Arrival == 1)
            {
                y.Append("  cv: 3\n");
            }
        }

        y.Append(Inv($"  input_tokens: {Lengths(c.InputLengths, 4096)}\n  output_tokens: {Lengths(c.OutputLengths, 256)}\n"));
        if (c.KvPreloaded)
        {
            y.Append("  kv_preloaded: true\n");
        }
    }

    // Ten length laws scaled to at most `longest` tokens: fixed, uniform, lognormal, zipf and uniform_ratio.
    private static string Lengths(int law, int longest) => law switch
    {
        0 => Inv($"{Math.Max(1, longest / 8)}"),
        1 => "1",
        2 => Inv($"{longest}"),
        3 => Inv($"{{ distribution: uniform, min: 1, max: {longest} }}"),
        4 => Inv($"{{ distribution: lognormal, mean: {Math.Max(2, longest / 6)}, sigma: 1.2, min: 1, max: {longest} }}"),
        5 => Inv($"{{ distribution: zipf, max: {longest}, exponent: 1.1 }}"),
        6 => Inv($"{{ distribution: uniform_ratio, value: {longest}, ratio: 0.5 }}"),
        7 => Inv($"{{ distribution: uniform_ratio, value: {Math.Max(1, longest / 4)}, ratio: 0 }}"),
        8 => "2",
        _ => Inv($"{{ distribution: lognormal, median: {Math.Max(2, longest / 16)}, sigma: 0.5 }}"),
    };

    private static void AppendScheduler(StringBuilder y, FuzzCase c)
    {
        y.Append(Inv($"scheduler:\n  policy: {Policies[c.Policy]}\n  router: {Routers[c.Router]}\n  prefix_caching: {(c.PrefixCaching ? "true" : "false")}\n"));
        if (c.NoDecodeReservation)
        {
            y.Append("  decode_reservation: false\n");
        }

        if (c.DraftTokens > 0)
        {
            y.Append(Inv($"  speculative: {{ draft_tokens: {c.DraftTokens}, acceptance_rate: {Acceptances[c.Acceptance]} }}\n"));
        }

        switch (c.Admission)
        {
            case 1:
                y.Append(Inv($"  admission: {{ kind: bounded-queue, max_queue: {c.AdmissionParameter} }}\n"));
                break;
            case 2:
                y.Append(Inv($"  admission: {{ kind: token-bucket, rate_per_s: {5 * (1 + c.AdmissionParameter)}, burst: {1 + c.AdmissionParameter} }}\n"));
                break;
            default:
                break;
        }

        y.Append("slo: { ttft_ms: 500, tpot_ms: 50 }\n");
    }

    private static void AppendExperts(StringBuilder y, FuzzCase c, FuzzShape shape)
    {
        if (!shape.Moe || (c.ExpertRouting == 0 && !c.Eplb && c.SamplesPerStep == 0))
        {
            return;
        }

        var routing = c.ExpertRouting switch
        {
            1 => "{ distribution: zipf, s: 1.2 }",
            2 => "{ distribution: lognormal, sigma: 1.5 }",
            3 => "{ distribution: drifting, base: zipf, s: 1.0, drift: rotate, rate: 20 }",
            4 => "{ distribution: drifting, base: lognormal, sigma: 1, drift: random-walk, rate: 5 }",
            5 when shape.GroupLimitedRouting => "{ distribution: group-limited, base: zipf, s: 0.8 }",
            5 => "{ distribution: zipf, s: 3 }",
            _ => "uniform",
        };
        y.Append(Inv($"experts:\n  routing: {routing}\n  placement: {(c.Eplb ? "eplb" : "contiguous")}\n"));
        if (c.Eplb && c.Rebalance)
        {
            y.Append("  rebalance: { interval: 200 ms, window: 100 ms, min_gain: 0 }\n");
        }

        string[] samples = ["2", "1", "all"];
        y.Append(Inv($"  samples_per_step: {samples[c.SamplesPerStep]}\n"));
    }

    private static void AppendFaults(StringBuilder y, FuzzCase c, FuzzShape shape, int[] instances)
    {
        if (c.Faults.Length == 0)
        {
            return;
        }

        var cluster = shape.Nodes * shape.PerNode;
        var durationMs = ClusterSim.Units.UnitParser.ParseDuration(Durations[c.Duration]).TotalMilliseconds;
        var lines = new StringBuilder();
        var lostInstances = new HashSet<(int Pool, int Instance)>();
        foreach (var f in c.Faults)
        {
            var p = f.Pool % shape.Pools.Count;
            var pool = shape.Pools[p];
            // A pool keeps at least one instance (the reader refuses losing them all): a second loss repeats the first.
            var lostInstance = f.Instance % instances[p];
            foreach (var (lostPool, instance) in lostInstances)
            {
                lostInstance = lostPool == p ? instance : lostInstance;
            }

            var startMs = durationMs * f.StartPercent / 100;
            var endMs = startMs + Math.Max(1, durationMs * f.LengthPercent / 100);
            // AFD models only lost instances (the reader refuses stragglers and link faults there).
            var kind = shape.Mode == "afd" ? (instances[p] < 2 ? -1 : 2) : (f.Kind == 2 && instances[p] < 2 ? 0 : f.Kind);
            switch (kind)
            {
                case 1:
                    double[] bandwidth = [0, 0.25, 0.5, 1];
                    lines.Append(Inv($"  - {{ kind: link, accelerator: {f.Accelerator % cluster}, bandwidth_factor: {bandwidth[f.Factor]}, start: {startMs} ms, end: {endMs} ms }}\n"));
                    break;
                case 2:
                    lostInstances.Add((p, lostInstance));
                    lines.Append(Inv($"  - {{ kind: instance_loss, pool: {pool.Name}, instance: {lostInstance}, at: {startMs} ms }}\n"));
                    break;
                case -1:
                    break;
                default:
                    double[] speed = [0.01, 0.1, 0.5, 1];
                    lines.Append(Inv($"  - {{ kind: straggler, pool: {pool.Name}, instance: {f.Instance % instances[p]}, accelerator: {f.Accelerator % pool.Accelerators}, speed_factor: {speed[f.Factor]}, start: {startMs} ms, end: {endMs} ms }}\n"));
                    break;
            }
        }

        if (lines.Length > 0)
        {
            y.Append("faults:\n").Append(lines);
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
