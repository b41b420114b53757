using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClusterSim.DeploymentSearch;

/// <summary>The settings of one pool of a candidate deployment.</summary>
/// <param name="Name">serving, prefill or decode.</param>
/// <param name="Gpus">Accelerators of the pool.</param>
/// <param name="Ep">Expert-parallel degree, also each instance's accelerators.</param>
/// <param name="Tp">Attention tensor-parallel degree.</param>
/// <param name="Redundant">Redundant expert slots.</param>
/// <param name="MicroBatches">Micro-batches.</param>
/// <param name="MaxRunningRequests">Running requests per attention rank.</param>
/// <param name="AllToAll">All-to-all kernels.</param>
public sealed record PoolChoice(string Name, int Gpus, int Ep, int Tp, int Redundant, int MicroBatches, int MaxRunningRequests, string AllToAll)
{
    /// <summary>Instances of the pool.</summary>
    public int Instances => Gpus / Ep;

    /// <summary>Attention data-parallel ranks per instance.</summary>
    public int Dp => Ep / Tp;

    /// <summary>"2×EP16 TP1·DP16 r32 mb2 cap128 low-latency".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Instances}x EP{Ep} TP{Tp}xDP{Dp} red{Redundant} mb{MicroBatches} cap{MaxRunningRequests} {AllToAll}");
}

/// <summary>One deployment a plan considers: hardware, accelerators, mode, pools and MTP.</summary>
/// <param name="Index">0-based position in the plan's enumeration (shards own index mod count).</param>
/// <param name="Hardware">Accelerator kind (catalog name or file).</param>
/// <param name="Gpus">Accelerators of the whole deployment.</param>
/// <param name="Mode">Colocated or disaggregated.</param>
/// <param name="Ratio">The prefill:decode split; null when colocated.</param>
/// <param name="Pools">The serving pool, or the prefill and decode pools.</param>
/// <param name="Mtp">One MTP draft token per decode step.</param>
public sealed record Candidate(int Index, string Hardware, int Gpus, PlanMode Mode, PoolRatio? Ratio, IReadOnlyList<PoolChoice> Pools, bool Mtp)
{
    /// <summary>The mode as the scenario writes it.</summary>
    public string ModeName => Mode == PlanMode.Colocated ? "colocated" : "disaggregated";

    /// <summary>The pool named <paramref name="name"/>, or null.</summary>
    public PoolChoice? Pool(string name) => Pools.FirstOrDefault(p => p.Name == name);

    /// <summary>One line naming every setting.</summary>
    public string Settings => string.Create(
        CultureInfo.InvariantCulture,
        $"{Hardware} {Gpus} GPUs {ModeName}{(Ratio is null ? string.Empty : " " + Ratio)}: {string.Join("; ", Pools.Select(p => p.Name + " " + p))}; mtp {(Mtp ? "on" : "off")}");

    /// <summary>First 8 hex digits of SHA-256 over <see cref="Settings"/>: the same candidate has the same id in every shard.</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Settings)))[..8];
}
