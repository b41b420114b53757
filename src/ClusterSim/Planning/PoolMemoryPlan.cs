using System.Globalization;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Planning;

/// <summary>
/// HBM of one accelerator of a pool: weights under the plan, activation workspace for a full step, and the KV cache
/// that fits in what is left of <c>kv_memory_fraction</c> × HBM. An infeasible plan is refused with the numbers.
/// </summary>
/// <param name="HbmBytes">HBM per accelerator.</param>
/// <param name="BudgetBytes">The share the engine may use (kv_memory_fraction × HBM).</param>
/// <param name="WeightBytes">Weights held by one accelerator.</param>
/// <param name="WorkspaceBytes">Activation workspace of one step of max_batch_tokens.</param>
/// <param name="KvBytes">Left for the KV cache.</param>
/// <param name="KvBytesPerToken">KV bytes one cached token costs on one accelerator.</param>
/// <param name="KvBlocksPerRank">KV blocks each attention rank gets.</param>
public sealed record PoolMemoryPlan(
    double HbmBytes,
    double BudgetBytes,
    double WeightBytes,
    double WorkspaceBytes,
    double KvBytes,
    double KvBytesPerToken,
    int KvBlocksPerRank)
{
    /// <summary>KV tokens each attention rank can hold.</summary>
    public long KvTokensPerRank(int blockTokens) => (long)KvBlocksPerRank * blockTokens;

    /// <summary>Plans a pool's memory; throws a one-line error naming the pool when weights and workspace do not fit.</summary>
    public static PoolMemoryPlan Create(ModelArchitecture model, ModelPrecision precision, ParallelPlan plan, AcceleratorSpec hardware, PoolSection pool, string scenarioFile)
    {
        var memory = new ModelMemory(model, precision);
        var device = memory.PerDevice(plan);
        var hbm = hardware.Hbm.Capacity.Value.Bytes;
        var budget = hbm * pool.KvMemoryFraction;
        var workspace = memory.ActivationBytesPerToken * pool.MaxBatchTokens;
        var kv = budget - device.WeightBytes - workspace;
        if (kv <= 0)
        {
            throw new InputException(
                scenarioFile,
                $"deployment.{pool.Name}",
                string.Create(CultureInfo.InvariantCulture, $"weights {Gb(device.WeightBytes)} + workspace {Gb(workspace)} per accelerator exceed kv_memory_fraction × HBM = {Gb(budget)} by {Gb(-kv)}, leaving no room for the KV cache; spread the model over more accelerators (higher ep or tp), lower max_batch_tokens, or use lower-precision weights"));
        }

        var blocks = Scheduling.KvCache.PagedKvCache.BlocksFor(kv, pool.KvBlockTokens, device.KvBytesPerToken);
        if (blocks < 1)
        {
            throw new InputException(scenarioFile, $"deployment.{pool.Name}.kv_block_tokens", $"not even one KV block of {pool.KvBlockTokens} tokens fits in {Gb(kv)}");
        }

        return new PoolMemoryPlan(hbm, budget, device.WeightBytes, workspace, kv, device.KvBytesPerToken, blocks);
    }

    private static string Gb(double bytes) => (bytes / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " GB";
}
