using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>
/// The small memory-bound operators between the GEMMs: RoPE, activation quantisation, residual adds, the MoE gate,
/// permute and unpermute, and sampling. Each is FLOPs and bytes per token from its definition; the formulas and their
/// derivation are in docs/modeling.md ("Element-wise operators").
/// </summary>
public sealed partial class OperatorCostModel
{
    /// <summary>FLOPs per rotated element: x·cos − y·sin is two multiplies and one add.</summary>
    private const double RopeFlopsPerElement = 3;

    /// <summary>FLOPs per quantised element: the absolute maximum of its group, then one scale multiply.</summary>
    private const double QuantFlopsPerElement = 2;

    /// <summary>FLOPs per router logit in the gate: scoring function, bias add, top-k comparison, normalisation.</summary>
    private const double GateFlopsPerLogit = 4;

    /// <summary>FLOPs per vocabulary entry in sampling: max, exp, sum, divide and the cumulative scan of the draw.</summary>
    private const double SamplingFlopsPerLogit = 5;

    /// <summary>Elements sharing one FP32 activation scale under DeepSeek-V3's per-token, per-128-channel FP8 scheme.</summary>
    private const double Fp8ActivationGroup = 128;

    /// <summary>
    /// Bytes written per activation element quantised for GEMMs over <paramref name="weights"/>, scales included; 0
    /// when the GEMM consumes the activations as they are (weights no narrower than the activations).
    /// </summary>
    /// <remarks>
    /// FP8 block-scaled weights take FP8 activations with one FP32 scale per token per 128 channels (DeepSeek-V3's
    /// 1×128 tiles); per-tensor FP8 one scale per tensor (negligible). FP4 weights take FP4 activations in the weights'
    /// own scale blocks (NVFP4: an FP8 scale per 16; MXFP4: an E8M0 byte per 32), as W4A4 Blackwell kernels do.
    /// </remarks>
    private double QuantizedBytesPerElement(WeightFormat weights)
    {
        var element = weights.Type.BytesPerElement();
        if (element >= activationBytes)
        {
            return 0;
        }

        return weights.Type switch
        {
            DataType.Fp8 => element + (weights.ScaleBlockElements > 0 ? 4 / Fp8ActivationGroup : 0),
            _ => element + (weights.ScaleBlockElements > 0 ? weights.ScaleBytes / weights.ScaleBlockElements : 0),
        };
    }

    /// <summary>Bytes per element of a token payload in <paramref name="type"/> with its per-128 FP32 scales (FP8 dispatch carries them).</summary>
    private static double PayloadBytesPerElement(DataType type) =>
        type.BytesPerElement() + (type == DataType.Fp8 ? 4 / Fp8ActivationGroup : 0);

    /// <summary>
    /// One quantisation operator over <paramref name="elements"/> activations: reads them in the activation format and
    /// writes <paramref name="writtenBytesPerElement"/> each (elements and scales).
    /// </summary>
    private void WriteQuantization(ref OperatorWriter writer, OperatorKind kind, double elements, double writtenBytesPerElement)
    {
        if (elements <= 0 || writtenBytesPerElement <= 0)
        {
            return;
        }

        WriteQuantizationTotal(ref writer, kind, elements, elements * writtenBytesPerElement);
    }

    private void WriteQuantizationTotal(ref OperatorWriter writer, OperatorKind kind, double elements, double writtenBytes)
    {
        if (elements <= 0 || writtenBytes <= 0)
        {
            return;
        }

        writer.Add(kind, OpClass.Elementwise, QuantFlopsPerElement * elements, elements * activationBytes, writtenBytes, Precision.Activations);
    }

    /// <summary>
    /// The token side's quantisation in a feed-forward block: the normed hidden vector for the dense or shared-expert
    /// up projection, the activated intermediate (<paramref name="localIntermediate"/> per token) for its down
    /// projection, and, before an FP8 dispatch, the hidden vector again in the dispatch format. One operator.
    /// </summary>
    private void WriteFfnQuantization(ref OperatorWriter writer, double tokens, double localIntermediate, bool dispatch)
    {
        double elements = 0, written = 0;
        var dense = QuantizedBytesPerElement(Precision.DenseWeights);
        if (dense > 0 && localIntermediate > 0)
        {
            elements += tokens * (hidden + localIntermediate);
            written += tokens * (hidden + localIntermediate) * dense;
        }

        if (dispatch && Precision.Dispatch.BytesPerElement() < activationBytes)
        {
            elements += tokens * hidden;
            written += tokens * hidden * PayloadBytesPerElement(Precision.Dispatch);
        }

        WriteQuantizationTotal(ref writer, OperatorKind.FfnActivationQuant, elements, written);
    }

    /// <summary>Activations quantised per token before the attention block's GEMMs (0 when they run in the activation format).</summary>
    private void WriteAttentionQuantization(ref OperatorWriter writer, double tokens)
    {
        var bytes = QuantizedBytesPerElement(Precision.AttentionWeights);
        if (bytes <= 0)
        {
            return;
        }

        // One quantisation per distinct GEMM input: the normed hidden vector (shared by q_a and kv_a, or by the fused
        // QKV), the q_a output feeding q_b, and the attention output feeding o_proj. MLA's per-head absorbed BMMs run
        // in BF16 and need none.
        double width = hidden;
        if (Model.Mla is { } mla)
        {
            width += (mla.QLoraRank > 0 ? mla.QLoraRank : 0) + (headsPerRank * mla.VHeadDim);
        }
        else
        {
            width += headsPerRank * headDim;
        }

        WriteQuantization(ref writer, OperatorKind.AttentionActivationQuant, tokens * width, bytes);
    }

    /// <summary>RoPE: reads and writes the rotated elements of each token's queries and keys.</summary>
    private void WriteRope(ref OperatorWriter writer, double tokens)
    {
        // MLA rotates only the 64 RoPE dims: one per query head and the single shared rotary key. GQA rotates whole
        // heads (Llama's rotary covers the full head dimension) of the rank's query and KV heads.
        var elements = Model.Mla is { } mla
            ? tokens * (headsPerRank + 1) * mla.QkRopeHeadDim
            : tokens * (headsPerRank + kvHeadsPerRank) * headDim;
        if (elements <= 0)
        {
            return;
        }

        writer.Add(OperatorKind.Rope, OpClass.Elementwise, RopeFlopsPerElement * elements, elements * activationBytes, elements * activationBytes, Precision.Activations);
    }

    /// <summary>
    /// Residual add, fused into the next RMSNorm as engines run it (a fused add-and-norm kernel): beyond what the norm
    /// alone moves, it reads the residual and writes the updated residual (one FLOP per element). An unfused add would
    /// read both vectors and write the sum, a third more traffic than the fused kernel pays.
    /// </summary>
    private void WriteResidualAdd(ref OperatorWriter writer, OperatorKind kind, double tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        writer.Add(kind, OpClass.Elementwise, tokens * hidden, tokens * hidden * activationBytes, tokens * hidden * activationBytes, Precision.Activations);
    }

    /// <summary>The gate: reads every FP32 router logit, writes top-k indices and weights (4 bytes each).</summary>
    private void WriteGate(ref OperatorWriter writer, double tokens, double experts, double k)
    {
        writer.Add(OperatorKind.MoeGate, OpClass.Elementwise, GateFlopsPerLogit * tokens * experts, tokens * experts * 4, tokens * k * 8, Precision.Activations);
    }

    /// <summary>
    /// The expert rank's work around the grouped GEMMs on <paramref name="routed"/> received copies: permute into
    /// per-expert order, quantise the GEMM inputs, (GEMMs), unpermute back to token order with the gate weights.
    /// </summary>
    private void WriteExpertSideElementwise(ref OperatorWriter writer, double routed, double intermediate, bool beforeGemms)
    {
        if (routed <= 0)
        {
            return;
        }

        if (beforeGemms)
        {
            // Permute moves each copy in the format it arrived in (FP8 with scales after an FP8 dispatch).
            var moved = routed * hidden * PayloadBytesPerElement(Precision.Dispatch);
            writer.Add(OperatorKind.MoePermute, OpClass.Elementwise, 0, moved, moved, Precision.Activations);
            return;
        }

        // Not before: the quantisation of the down projection's input (the activated intermediate), plus the up
        // projection's input when the copies arrived unquantised.
        var bytes = QuantizedBytesPerElement(Precision.ExpertWeights);
        var upInput = Precision.Dispatch.BytesPerElement() > Precision.ExpertWeights.Type.BytesPerElement() ? hidden : 0;
        WriteQuantization(ref writer, OperatorKind.ExpertActivationQuant, routed * (intermediate + upInput), bytes);
    }

    /// <summary>Unpermute: reads each expert output copy, scales it by its gate weight and writes it in token order.</summary>
    private void WriteUnpermute(ref OperatorWriter writer, double routed)
    {
        if (routed <= 0)
        {
            return;
        }

        var moved = routed * hidden * activationBytes;
        writer.Add(OperatorKind.MoeUnpermute, OpClass.Elementwise, routed * hidden, moved, moved, Precision.Activations);
    }

    /// <summary>
    /// Logits processing and sampling per sampled token over the whole vocabulary (every TP rank samples the gathered
    /// logits): softmax reads the FP32 logits and writes probabilities, the draw reads the probabilities again.
    /// </summary>
    private void WriteSampling(ref OperatorWriter writer, double logitTokens)
    {
        double vocab = Model.VocabSize;
        writer.Add(OperatorKind.Sampling, OpClass.Elementwise, SamplingFlopsPerLogit * logitTokens * vocab, 2 * logitTokens * vocab * 4, logitTokens * vocab * 4, Precision.Activations);
    }
}
