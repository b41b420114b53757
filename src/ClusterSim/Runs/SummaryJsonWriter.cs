using System.Globalization;
using System.Text.Json;
using ClusterSim.Engine;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;

namespace ClusterSim.Runs;

/// <summary>
/// Writes summary.json (schema in docs/traces.md). Everything but the <c>simulation</c> block's wall-clock figures is
/// a deterministic function of the scenario and seed, written with invariant formatting.
/// </summary>
public static class SummaryJsonWriter
{
    /// <summary>Schema version; bump when a field changes meaning.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes the summary of <paramref name="result"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, RunResult result)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var m = result.Metrics;
        var s = result.Scenario;
        var window = m.WindowSeconds;
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("scenario_name", s.Name);
        json.WriteNumber("seed", s.Seed);
        json.WriteBoolean("partial", result.Cancelled);
        if (s.Calibration is { } calibration)
        {
            // Only calibrated runs carry the block, so every other summary keeps its shape.
            json.WriteStartObject("calibration");
            json.WriteString("file", Path.GetFileName(calibration.File));
            json.WriteStartObject("values");
            foreach (var v in calibration.Values)
            {
                json.WriteStartObject(v.Parameter.Name);
                json.WriteString("value", v.Parameter.Format(v.Value));
                json.WriteString("source", v.Source);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }


        json.WriteStartObject("requests");
        json.WriteNumber("arrived", m.Arrived);
        json.WriteNumber("completed", m.Completed);
        json.WriteNumber("dropped", m.Dropped);
        json.WriteStartObject("dropped_by_reason");
        foreach (var (reason, count) in m.DroppedByReason)
        {
            json.WriteNumber(reason, count);
        }

        json.WriteEndObject();
        json.WriteNumber("preempted", m.Preemptions);
        json.WriteNumber("requeued_by_fault", result.FaultRequeues);
        json.WriteNumber("measured", m.WindowCompleted);
        json.WriteEndObject();

        json.WriteStartObject("tokens");
        json.WriteNumber("input", m.InputTokens);
        json.WriteNumber("output", m.OutputTokens);
        json.WriteEndObject();

        json.WriteStartObject("throughput");
        var outputPerS = window > 0 ? m.WindowOutputTokens / window : 0;
        Number(json, "input_tokens_per_s", window > 0 ? m.WindowInputTokens / window : 0);
        Number(json, "output_tokens_per_s", outputPerS);
        Number(json, "output_tokens_per_s_per_gpu", outputPerS / result.Accelerators);
        Number(json, "output_tokens_per_s_per_node", outputPerS / result.Nodes);
        Number(json, "requests_per_s", window > 0 ? m.WindowCompleted / window : 0);
        json.WriteEndObject();

        json.WriteStartObject("latency_ms");
        Latency(json, "ttft", LatencySummary.From(m.Ttft));
        Latency(json, "tpot", LatencySummary.From(m.Tpot));
        Latency(json, "itl", LatencySummary.From(m.Itl));
        Latency(json, "e2e", LatencySummary.From(m.E2e));
        Latency(json, "queue", LatencySummary.From(m.Queue));
        if (result.KvTransfer is not null)
        {
            // Disaggregated runs only (absent elsewhere, so colocated summaries keep their shape).
            Latency(json, "decode_reservation_wait", LatencySummary.From(m.DecodeReservationWait));
        }

        json.WriteEndObject();

        json.WriteStartObject("slo");
        Number(json, "ttft_ms", s.Slo.TtftMs);
        Number(json, "tpot_ms", s.Slo.TpotMs);
        json.WriteEndObject();
        Number(json, "goodput_rps", window > 0 ? m.WindowGoodRequests / window : 0);
        var measured = m.WindowCompleted + m.WindowDropped;
        Number(json, "slo_attainment", measured > 0 ? (double)m.WindowGoodRequests / measured : 0);

        json.WriteStartObject("kv_cache");
        Number(json, "peak_utilization", result.Pools.Count == 0 ? 0 : result.Pools.Max(p => p.KvPeakUtilization));
        var prompt = result.Pools.Sum(p => p.PrefixCache.PromptTokens);
        Number(json, "prefix_hit_rate", prompt > 0 ? (double)result.Pools.Sum(p => p.PrefixCache.HitTokens) / prompt : 0);
        json.WriteEndObject();

        json.WriteStartObject("faults");
        json.WriteNumber("injected", result.Scenario.FaultList.Count);
        json.WriteNumber("started", result.FaultsStarted);
        json.WriteNumber("unreachable", result.FaultsUnreachable);
        json.WriteEndObject();

        WriteTimeline(json, result);
        WriteBottleneck(json, result);
        WriteEnergy(json, result.Energy);
        WriteKvTransfer(json, result.KvTransfer);
        WritePools(json, result);
        BenchmarkJsonWriter.Write(json, result);

        json.WriteStartObject("simulation");
        json.WriteNumber("events", result.Events);
        Number(json, "simulated_seconds", result.SimulatedSeconds);
        Number(json, "wall_seconds", result.WallSeconds);
        Number(json, "events_per_wall_second", result.WallSeconds > 0 ? result.Events / result.WallSeconds : 0);
        Number(json, "simulated_seconds_per_wall_second", result.WallSeconds > 0 ? result.SimulatedSeconds / result.WallSeconds : 0);
        json.WriteNumber("peak_working_set_bytes", result.PeakWorkingSetBytes);
        json.WriteEndObject();

        json.WritePropertyName("resolved_scenario");
        ScenarioJson.Write(json, s);
        json.WriteEndObject();
    }

    /// <summary>KV transfers from prefill to decode (disaggregated runs only; schema in docs/traces.md).</summary>
    private static void WriteKvTransfer(Utf8JsonWriter json, Serving.KvTransferSummary? kv)
    {
        if (kv is null)
        {
            return;
        }

        json.WriteStartObject("kv_transfer");
        json.WriteString("model", kv.Model);
        json.WriteNumber("transfers", kv.Transfers);
        json.WriteNumber("abandoned", kv.Abandoned);
        Number(json, "bytes", kv.Bytes);
        Number(json, "mean_ms", kv.MeanMs);
        Number(json, "p99_ms", kv.P99Ms);
        Number(json, "max_ms", kv.MaxMs);
        if (kv.BusiestLink is { } link)
        {
            json.WriteStartObject("busiest_link");
            json.WriteString("name", link);
            Number(json, "bytes", kv.BusiestLinkBytes);
            Number(json, "busy_fraction", kv.BusiestLinkBusyFraction);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Shares of busy time by bounding resource, per pool and overall.</summary>
    private static void WriteBottleneck(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartObject("bottleneck");
        double c = 0, mem = 0, comm = 0, imb = 0, busy = 0;
        #pragma warning disable RS0030 // sorted by pool name here
        foreach (var pool in result.Metrics.Pools.Values.OrderBy(p => p.Pool, StringComparer.Ordinal))
        #pragma warning restore RS0030
        {
            Shares(json, pool.Pool, pool.ComputeBoundNs, pool.MemoryBoundNs, pool.CommunicationNs, pool.ImbalanceNs, pool.BusyNs, result.SimulatedSeconds * 1e9 * pool.Instances);
            c += pool.ComputeBoundNs;
            mem += pool.MemoryBoundNs;
            comm += pool.CommunicationNs;
            imb += pool.ImbalanceNs;
            busy += pool.BusyNs;
        }

        #pragma warning disable RS0030 // a sum of integer instance counts does not depend on order
        var instances = result.Metrics.Pools.Values.Sum(p => p.Instances);
        #pragma warning restore RS0030
        Shares(json, "overall", c, mem, comm, imb, busy, result.SimulatedSeconds * 1e9 * instances);
        json.WriteEndObject();
    }

    /// <summary>
    /// Board power, energy and cost per pool and overall (docs/modeling.md, "Power and energy"); absent when a hardware
    /// file gives no power figures. Per-token figures use the window's output rate, as the throughput block does.
    /// </summary>
    private static void WriteEnergy(Utf8JsonWriter json, RunEnergy? energy)
    {
        if (energy is null)
        {
            return;
        }

        json.WriteStartObject("energy");
        Number(json, "pue", energy.Pue);
        Number(json, "power_usd_per_kwh", energy.PowerUsdPerKwh);
        NullableNumber(json, "gpu_hour_usd", energy.GpuHourUsd);
        foreach (var pool in energy.Pools.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            EnergyFigures(json, pool);
        }

        EnergyFigures(json, energy.Overall);
        json.WriteEndObject();
    }

    private static void EnergyFigures(Utf8JsonWriter json, PoolEnergy figures)
    {
        json.WriteStartObject(figures.Name);
        Number(json, "mean_power_per_gpu_w", figures.MeanPowerPerGpuWatts);
        Number(json, "energy_j", figures.EnergyJoules);
        NullableNumber(json, "j_per_output_token", figures.JoulesPerOutputToken);
        NullableNumber(json, "usd_per_million_output_tokens", figures.UsdPerMillionOutputTokens);
        json.WriteEndObject();
    }

    private static void NullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            Number(json, name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Shares(Utf8JsonWriter json, string name, double compute, double memory, double comm, double imbalance, double busy, double totalNs)
    {
        var total = Math.Max(totalNs, busy);
        json.WriteStartObject(name);
        Number(json, "compute", total > 0 ? compute / total : 0);
        Number(json, "memory", total > 0 ? memory / total : 0);
        Number(json, "communication", total > 0 ? comm / total : 0);
        Number(json, "imbalance", total > 0 ? imbalance / total : 0);
        Number(json, "idle", total > 0 ? Math.Max(0, total - busy) / total : 0);
        json.WriteEndObject();
    }

    private static void WritePools(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("pools");
        foreach (var pool in result.Pools)
        {
            var stats = result.Metrics.Pools[pool.Name];
            json.WriteStartObject();
            json.WriteString("name", pool.Name);
            json.WriteNumber("instances", pool.Instances);
            json.WriteNumber("accelerators", pool.Accelerators);
            json.WriteNumber("steps", stats.Steps);
            // Output tokens come from the decoding pool (serving or decode); a prefill pool only samples first tokens.
            var decoding = pool.Name != "prefill";
            Number(json, "output_tokens_per_s_per_gpu", decoding && result.Metrics.WindowSeconds > 0 ? result.Metrics.WindowOutputTokens / result.Metrics.WindowSeconds / pool.Accelerators : 0);
            Number(json, "busy_fraction", pool.BusyFraction);
            Number(json, "mean_batch_tokens", stats.MeanBatchTokens);
            Number(json, "mean_step_ms", stats.Steps > 0 ? stats.BusyNs / stats.Steps / 1e6 : 0);
            Number(json, "tokens_per_expert", stats.MoeSteps > 0 ? stats.TokensPerExpertSum / stats.MoeSteps : 0);
            Number(json, "expert_imbalance", stats.MoeSteps > 0 ? stats.ExpertImbalanceSum / stats.MoeSteps : 0);
            Number(json, "expert_load_imbalance", stats.MoeSteps > 0 ? stats.ExpertLoadImbalanceSum / stats.MoeSteps : 0);
            Number(json, "expert_imbalance_token_weighted", stats.MoeTokens > 0 ? stats.ExpertImbalanceTokenSum / stats.MoeTokens : 0);
            WriteExpertBalance(json, pool.ExpertBalance, stats);
            WriteKernelProvenance(json, stats);
            Number(json, "kv_peak_utilization", pool.KvPeakUtilization);
            json.WriteStartObject("memory_per_accelerator_gb");
            Number(json, "hbm", pool.Memory.HbmBytes / 1e9);
            Number(json, "weights", pool.Memory.WeightBytes / 1e9);
            Number(json, "workspace", pool.Memory.WorkspaceBytes / 1e9);
            Number(json, "kv_cache", pool.Memory.KvBytes / 1e9);
            json.WriteEndObject();
            json.WriteNumber("kv_blocks_per_rank", pool.Memory.KvBlocksPerRank);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The pool's placement and re-placements (schema in docs/experts.md).</summary>
    /// <summary>
    /// Shares of the pool's priced kernel time by where the price came from: exact kernel-table rows, interpolation
    /// between rows, the GEMM tile model, or the plain roofline; then, apart, the shares of its priced communication
    /// time (dispatch, combine, all-reduce, before overlap): all-to-all table rows, interpolation, or the flow model.
    /// All zero for AFD pools, whose pricer books no provenance, and for communication in a pool without any.
    /// </summary>
    private static void WriteKernelProvenance(Utf8JsonWriter json, PoolStepStatistics stats)
    {
        var total = stats.MeasuredKernelNs + stats.InterpolatedKernelNs + stats.TileModelKernelNs + stats.RooflineKernelNs;
        json.WriteStartObject("kernel_time_share");
        Number(json, "measured", total > 0 ? stats.MeasuredKernelNs / total : 0);
        Number(json, "interpolated", total > 0 ? stats.InterpolatedKernelNs / total : 0);
        Number(json, "tile_model", total > 0 ? stats.TileModelKernelNs / total : 0);
        Number(json, "roofline", total > 0 ? stats.RooflineKernelNs / total : 0);
        json.WriteEndObject();
        var comm = stats.MeasuredCommunicationNs + stats.InterpolatedCommunicationNs + stats.FlowCommunicationNs;
        json.WriteStartObject("communication_time_share");
        Number(json, "measured", comm > 0 ? stats.MeasuredCommunicationNs / comm : 0);
        Number(json, "interpolated", comm > 0 ? stats.InterpolatedCommunicationNs / comm : 0);
        Number(json, "flow", comm > 0 ? stats.FlowCommunicationNs / comm : 0);
        json.WriteEndObject();
    }

    private static void WriteExpertBalance(Utf8JsonWriter json, PoolExpertBalance? balance, PoolStepStatistics stats)
    {
        if (balance is null)
        {
            return;
        }

        var s = balance.Statistics;
        json.WriteStartObject("experts");
        json.WriteString("placement", balance.Placement == Experts.PlacementKind.Eplb ? "eplb" : "contiguous");
        json.WriteBoolean("rebalancing", balance.Rebalancing);
        json.WriteNumber("rebalances", s.Rebalances);
        json.WriteNumber("replicas_moved", s.ReplicasMoved);
        Number(json, "migration_gb", s.MigrationBytes / 1e9);
        Number(json, "migration_pause_ms", stats.ExpertMigrationNs / 1e6);
        Number(json, "expected_imbalance_before", s.Rebalances > 0 ? s.ImbalanceBeforeSum / s.Rebalances : 0);
        Number(json, "expected_imbalance_after", s.Rebalances > 0 ? s.ImbalanceAfterSum / s.Rebalances : 0);
        json.WriteEndObject();
    }

    /// <summary>One latency block; an empty distribution keeps its count 0 and writes every figure as null (absent, not 0 ms).</summary>
    private static void Latency(Utf8JsonWriter json, string name, LatencySummary l)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", l.Count);
        Number(json, "mean", l.Mean);
        Number(json, "p50", l.P50);
        Number(json, "p90", l.P90);
        Number(json, "p99", l.P99);
        Number(json, "max", l.Max);
        json.WriteEndObject();
    }

    /// <summary>Numbers rounded to 6 significant decimals; infinity (an unset SLO) is written as null.</summary>
    internal static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (!double.IsFinite(value))
        {
            json.WriteNull(name);
            return;
        }

        json.WriteNumber(name, Math.Round(value, 6));
    }

    /// <summary>
    /// The events report.html marks on its timelines: each fault's window in simulated seconds (an instance loss has no
    /// end) and each expert rebalance. Labels, not metrics: sweep.csv leaves the block out.
    /// </summary>
    private static void WriteTimeline(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartObject("timeline");
        json.WriteStartArray("faults");
        foreach (var fault in result.Scenario.FaultList)
        {
            var (kind, start, end, detail) = fault switch
            {
                StragglerFault f => ("straggler", f.Start, (SimDuration?)f.End, string.Create(CultureInfo.InvariantCulture, $"{f.Pool} instance {f.Instance} accelerator {f.Accelerator} at {f.SpeedFactor:P0} speed")),
                LinkFault f => ("link", f.Start, f.End, string.Create(CultureInfo.InvariantCulture, $"NIC of accelerator {f.Accelerator} at {f.BandwidthFactor:P0} bandwidth")),
                InstanceLossFault f => ("instance_loss", f.At, null, $"{f.Pool} instance {f.Instance} lost"),
                _ => ("unknown", SimDuration.Zero, null, fault.KeyPath),
            };
            json.WriteStartObject();
            json.WriteString("name", fault.KeyPath);
            json.WriteString("kind", kind);
            json.WriteNumber("start_s", start.TotalSeconds);
            if (end is { } e)
            {
                json.WriteNumber("end_s", e.TotalSeconds);
            }

            json.WriteString("detail", detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rebalances");
        foreach (var rebalance in result.Rebalances)
        {
            json.WriteStartObject();
            json.WriteString("pool", rebalance.Pool);
            json.WriteNumber("instance", rebalance.Instance);
            json.WriteNumber("at_s", rebalance.At.TotalSeconds);
            json.WriteString("detail", rebalance.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
