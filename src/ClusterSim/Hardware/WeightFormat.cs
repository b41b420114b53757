namespace ClusterSim.Hardware;

/// <summary>
/// How a weight matrix is stored: the element type the tensor cores compute in, and the block scales that travel
/// with it. Block-scaled formats keep one scale per <see cref="ScaleBlockElements"/> elements, and those scale bytes
/// are read from HBM with the weights, so they count in the footprint and in weight streaming.
/// </summary>
/// <remarks>Definitions and sources are in docs/modeling.md ("Weight formats and block scales").</remarks>
/// <param name="Name">The name a scenario writes ("nvfp4").</param>
/// <param name="Type">Element (and compute) type: which tensor-core peak a GEMM over these weights uses.</param>
/// <param name="ScaleBlockElements">Weight elements sharing one scale; 0 when no per-block scale is stored.</param>
/// <param name="ScaleBytes">Bytes of one block scale (FP32 4, FP8 E4M3 or E8M0 1).</param>
public sealed record WeightFormat(string Name, DataType Type, int ScaleBlockElements, double ScaleBytes)
{
    /// <summary>FP8 E4M3 in 128×128 weight blocks with one FP32 scale each, as DeepSeek-V3 ships it.</summary>
    public static readonly WeightFormat Fp8Block128 = Fp8Blocks(128, 128);

    /// <summary>FP8 E4M3 with one scale per tensor (negligible bytes).</summary>
    public static readonly WeightFormat Fp8PerTensor = new("fp8_per_tensor", DataType.Fp8, 0, 0);

    /// <summary>NVIDIA NVFP4: E2M1 elements in blocks of 16 with one FP8 E4M3 scale each (the FP32 per-tensor scale is negligible).</summary>
    public static readonly WeightFormat Nvfp4 = new("nvfp4", DataType.Fp4, 16, 1);

    /// <summary>OCP MXFP4: E2M1 elements in blocks of 32 with one E8M0 (power-of-two) scale byte each.</summary>
    public static readonly WeightFormat Mxfp4 = new("mxfp4", DataType.Fp4, 32, 1);

    /// <summary>The names accepted for a weight format, for error messages.</summary>
    public const string AcceptedNames = "fp32, bf16, fp16, fp8 (= fp8_block128), fp8_block128, fp8_per_tensor, fp4 (= nvfp4), nvfp4, mxfp4";

    /// <summary>Bytes per weight element, block scales included: the <c>b</c> of weight streaming and footprint.</summary>
    public double BytesPerElement() => Type.BytesPerElement() + (ScaleBlockElements > 0 ? ScaleBytes / ScaleBlockElements : 0);

    /// <summary>An unscaled format of <paramref name="type"/> (BF16, FP16, FP32 weights; or a bare type).</summary>
    public static WeightFormat Plain(DataType type) => new(type.Name(), type, 0, 0);

    /// <summary>FP8 E4M3 in rows×columns weight blocks with one FP32 scale each (a checkpoint's <c>weight_block_size</c>).</summary>
    public static WeightFormat Fp8Blocks(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        return new($"fp8_block{rows}" + (rows == columns ? string.Empty : $"x{columns}"), DataType.Fp8, rows * columns, 4);
    }

    /// <summary>
    /// Parses a scenario's weight format (case-insensitive). Plain <c>fp8</c> is the 128×128 block-scaled FP8 every
    /// shipped FP8 checkpoint uses; plain <c>fp4</c> is NVFP4, because FP4 weights are never stored without block
    /// scales and NVFP4 is the format of NVIDIA's FP4 checkpoints for the Blackwell parts FP4 runs on.
    /// </summary>
    public static bool TryParse(string? text, out WeightFormat format)
    {
        var s = (text ?? string.Empty).Trim().ToLowerInvariant();
        WeightFormat? parsed = s switch
        {
            "fp32" or "float32" => Plain(DataType.Fp32),
            "bf16" or "bfloat16" => Plain(DataType.Bf16),
            "fp16" or "float16" => Plain(DataType.Fp16),
            "fp8" or "fp8_block128" or "fp8_e4m3" or "e4m3" => Fp8Block128,
            "fp8_per_tensor" => Fp8PerTensor,
            "fp4" or "nvfp4" => Nvfp4,
            "mxfp4" => Mxfp4,
            _ => null,
        };
        format = parsed ?? Plain(DataType.Bf16);
        return parsed is not null;
    }

    /// <summary>The scenario name ("nvfp4").</summary>
    public override string ToString() => Name;
}
