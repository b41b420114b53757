namespace ClusterSim.Models;

/// <summary>
/// Parameter counts of a model by component, with totals under stated conventions.
/// </summary>
/// <remarks>
/// <see cref="Total"/> counts embedding and LM head (once when tied), all decoder layers, and not the MTP
/// modules: that is the convention that reproduces DeepSeek-V3's published 671 B. <see cref="ActivePerToken"/>
/// counts the LM head but not the embedding table (a lookup reads one row): that reproduces gpt-oss-120b's
/// published 5.1 B, and DeepSeek-V3's 37 B within 1.1 % (37.5 B when the embedding is counted too).
/// </remarks>
public sealed record ParameterCounts
{
    /// <summary>Token embedding table (vocab·d).</summary>
    public required double Embedding { get; init; }

    /// <summary>LM head (vocab·d), 0 when tied to the embedding.</summary>
    public required double LmHead { get; init; }

    /// <summary>Learned position embeddings (GPT-2 style), 0 for rotary models.</summary>
    public required double PositionEmbedding { get; init; }

    /// <summary>Attention weights of one layer (projections, biases, MLA norms).</summary>
    public required double AttentionPerLayer { get; init; }

    /// <summary>Two norms of one layer.</summary>
    public required double NormsPerLayer { get; init; }

    /// <summary>Dense feed-forward of one dense layer.</summary>
    public required double DenseFfnPerLayer { get; init; }

    /// <summary>One routed expert.</summary>
    public required double RoutedExpert { get; init; }

    /// <summary>All shared experts of one MoE layer.</summary>
    public required double SharedExpertsPerLayer { get; init; }

    /// <summary>Router of one MoE layer (weights and bias).</summary>
    public required double RouterPerLayer { get; init; }

    /// <summary>Extra weights of one MTP module besides its decoder layer (eh_proj and two norms, shared head).</summary>
    public required double MtpExtraPerModule { get; init; }

    /// <summary>Layer counts by kind.</summary>
    public required LayerCounts Layers { get; init; }

    /// <summary>MTP modules.</summary>
    public required int MtpModules { get; init; }

    /// <summary>Routed experts per MoE layer.</summary>
    public required int RoutedExperts { get; init; }

    /// <summary>Routed experts active per token.</summary>
    public required int ExpertsPerToken { get; init; }

    /// <summary>All weights of one dense layer.</summary>
    public double DenseLayer => AttentionPerLayer + NormsPerLayer + DenseFfnPerLayer;

    /// <summary>All weights of one MoE layer.</summary>
    public double MoeLayer => AttentionPerLayer + NormsPerLayer + RouterPerLayer + SharedExpertsPerLayer + (RoutedExperts * RoutedExpert);

    /// <summary>Weights of one MoE layer used by one token.</summary>
    public double MoeLayerActive => AttentionPerLayer + NormsPerLayer + RouterPerLayer + SharedExpertsPerLayer + (ExpertsPerToken * RoutedExpert);

    /// <summary>Embedding, position table and LM head.</summary>
    public double EmbeddingAndHead => Embedding + PositionEmbedding + LmHead;

    /// <summary>One MTP module: a layer of the last layer's kind plus its projection and norms.</summary>
    public double MtpModule => (RoutedExperts > 0 && Layers.Moe > 0 ? MoeLayer : DenseLayer) + MtpExtraPerModule;

    /// <summary>All decoder layers.</summary>
    public double DecoderLayers => (Layers.Dense * DenseLayer) + (Layers.Moe * MoeLayer);

    /// <summary>Total without MTP modules, embeddings and LM head included (matches DeepSeek-V3's 671 B).</summary>
    public double Total => DecoderLayers + EmbeddingAndHead;

    /// <summary>Total with MTP modules (DeepSeek-V3's 685 B checkpoint size in parameters).</summary>
    public double TotalWithMtp => Total + (MtpModules * MtpModule);

    /// <summary>Parameters used per token, LM head included, embedding table excluded, MTP excluded.</summary>
    public double ActivePerToken => (Layers.Dense * DenseLayer) + (Layers.Moe * MoeLayerActive) + LmHead + (LmHead == 0 ? Embedding : 0);

    /// <summary>Parameters used per token counting the embedding table as well.</summary>
    public double ActivePerTokenWithEmbedding => ActivePerToken + (LmHead == 0 ? 0 : Embedding) + PositionEmbedding;

    /// <summary>Counts the parameters of a model.</summary>
    public static ParameterCounts Of(ModelArchitecture model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double d = model.HiddenSize;
        double normSize = model.LayerNormWithBias ? 2 * d : d;
        double ffnMatrices = model.Ffn == FfnKind.Gated ? 3 : 2;
        var moe = model.Moe;
        double expertF = moe?.ExpertIntermediateSize ?? 0;
        double mlpBiasPerWidth = model.MlpBias ? 1 : 0;

        return new ParameterCounts
        {
            Embedding = (double)model.VocabSize * d,
            LmHead = model.TieWordEmbeddings ? 0 : (double)model.VocabSize * d,
            PositionEmbedding = (double)model.LearnedPositions * d,
            AttentionPerLayer = AttentionParameters(model),
            NormsPerLayer = 2 * normSize,
            DenseFfnPerLayer = (ffnMatrices * d * model.IntermediateSize) + (mlpBiasPerWidth * (((ffnMatrices - 1) * model.IntermediateSize) + d)),
            RoutedExpert = moe is null ? 0 : (ffnMatrices * d * expertF) + (mlpBiasPerWidth * (((ffnMatrices - 1) * expertF) + d)),
            SharedExpertsPerLayer = moe is null ? 0 : moe.SharedExperts * ffnMatrices * d * expertF,
            // DeepSeek-style routers carry a per-expert correction bias; count it for every MoE router.
            RouterPerLayer = moe is null ? 0 : (d * moe.RoutedExperts) + moe.RoutedExperts,
            MtpExtraPerModule = (2 * d * d) + (2 * normSize),
            Layers = model.LayerCounts,
            MtpModules = model.MtpLayers,
            RoutedExperts = moe?.RoutedExperts ?? 0,
            ExpertsPerToken = moe?.ExpertsPerToken ?? 0,
        };
    }

    /// <summary>Weights of one attention block.</summary>
    public static double AttentionParameters(ModelArchitecture model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double d = model.HiddenSize;
        double h = model.AttentionHeads;
        if (model.Mla is { } mla)
        {
            var query = mla.QLoraRank > 0
                ? (d * mla.QLoraRank) + mla.QLoraRank + ((double)mla.QLoraRank * h * mla.QkHeadDim)
                : d * h * mla.QkHeadDim;
            var kvDown = d * mla.CachedElementsPerToken;
            var kvNorm = (double)mla.KvLoraRank;
            var kvUp = mla.KvLoraRank * h * (mla.QkNopeHeadDim + mla.VHeadDim);
            var output = h * mla.VHeadDim * d;
            return query + kvDown + kvNorm + kvUp + output;
        }

        double q = h * model.HeadDim;
        double kv = 2.0 * model.KeyValueHeads * model.HeadDim;
        var weights = (d * (q + kv)) + (q * d);
        var bias = model.AttentionBias ? q + kv + d : 0;
        return weights + bias;
    }
}
