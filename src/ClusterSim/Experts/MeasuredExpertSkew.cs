namespace ClusterSim.Experts;

/// <summary>
/// The published measurement of real expert loads that the default routing is fitted to, and the window EPLB plans
/// from by default. Source: NVIDIA TensorRT-LLM team, "Scaling Expert Parallelism in TensorRT-LLM (Part 1: Design and
/// Implementation of Large-scale EP)", TensorRT-LLM tech blog 4 (docs/source/blogs/tech_blog/
/// blog4_Scaling_Expert_Parallelism_in_TensorRT-LLM.md, 2025), Table 1: DeepSeek-R1 on 32 GB200 GPUs, EP32, a
/// machine-translation dataset, per-layer per-iteration statistics averaged over the MoE layers and the decode
/// iterations 100-200 (the reproduction steps' <c>EXPERT_STATISTIC_ITER_RANGE=100-200</c>).
/// </summary>
/// <remarks>
/// The derivation is written out in docs/experts.md ("Default routing: measured skew"). Only
/// <see cref="PerExpertMean"/> and <see cref="PerExpertStdDev"/> are fitted; the other figures are held out and
/// compared with the model in tests/ClusterSim.Tests/Experts/MeasuredSkewTests.cs.
/// </remarks>
public static class MeasuredExpertSkew
{
    /// <summary>Routed experts per layer in the measurement (DeepSeek-R1).</summary>
    public const int Experts = 256;

    /// <summary>EP ranks in the measurement.</summary>
    public const int Ranks = 32;

    /// <summary>Table 1, "No EPLB", by expert slot: average routed tokens per expert per layer and iteration.</summary>
    public const double PerExpertMean = 128;

    /// <summary>Table 1, "No EPLB", by expert slot: standard deviation.</summary>
    public const double PerExpertStdDev = 164.1;

    /// <summary>Table 1, "No EPLB", by expert slot: imbalance ratio (max − mean) / mean. Held out.</summary>
    public const double PerExpertImbalanceRatio = 10.948;

    /// <summary>Table 1, "No EPLB (8 per-rank slots and EP 32)", by rank: average routed tokens per rank.</summary>
    public const double PerRankMean = 1024;

    /// <summary>Table 1, "No EPLB", by rank: standard deviation. Held out.</summary>
    public const double PerRankStdDev = 491.6;

    /// <summary>Table 1, "No EPLB", by rank: imbalance ratio (max − mean) / mean. Held out.</summary>
    public const double PerRankImbalanceRatio = 1.564;

    /// <summary>Table 1, "EPLB (9 per-rank slots and EP 32)", by rank: imbalance ratio. Held out.</summary>
    public const double EplbPerRankImbalanceRatio = 0.109;

    /// <summary>
    /// σ of the default log-normal popularity, fitted so that a layer of 256 log-normal experts, observed through
    /// 32,768 routed copies as in the measurement, shows on average the measured per-expert coefficient of
    /// variation 164.1 / 128 = 1.282. The closed form for the population, σ = √ln(1 + CV²) after removing the
    /// multinomial noise, gives 0.985 (<see cref="PopulationSigma"/>); a 256-expert sample of a heavy-tailed law
    /// shows a lower CV than its population, and solving E[sample CV] = 1.282 by simulation (12,000 layers per σ)
    /// gives 1.01.
    /// </summary>
    public const double LogNormalSigma = 1.01;

    /// <summary>
    /// Tokens the default EPLB profile observes before planning: the measurement's statistics window of 100 decode
    /// iterations (iterations 100-200) at the 4,096 tokens per iteration its Table 1 implies (128 copies per expert
    /// × 256 experts / top-8).
    /// </summary>
    public const long EplbWindowTokens = 100 * 4_096;

    /// <summary>Routed copies per layer and iteration in the measurement: 128 × 256 = 32,768.</summary>
    public static double CopiesPerIteration => PerExpertMean * Experts;

    /// <summary>The measured per-expert coefficient of variation, 164.1 / 128.</summary>
    public static double PerExpertCv => PerExpertStdDev / PerExpertMean;

    /// <summary>
    /// σ of a log-normal whose population coefficient of variation is <paramref name="cv"/>: for weights exp(N(0, σ²)),
    /// CV² = exp(σ²) − 1, so σ = √ln(1 + CV²).
    /// </summary>
    public static double LogNormalSigmaFor(double cv)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cv);
        return Math.Sqrt(Math.Log(1 + (cv * cv)));
    }

    /// <summary>
    /// The population σ implied by the measurement: an expert's count in one iteration is its expected share plus
    /// multinomial noise of variance ≈ mean, so the popularity's CV² is the observed CV² − 1 / mean.
    /// </summary>
    public static double PopulationSigma => LogNormalSigmaFor(Math.Sqrt((PerExpertCv * PerExpertCv) - (1 / PerExpertMean)));
}
