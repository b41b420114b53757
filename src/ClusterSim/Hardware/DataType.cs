namespace ClusterSim.Hardware;

/// <summary>Numeric formats of weights, KV cache, activations and communication payloads.</summary>
public enum DataType
{
    /// <summary>IEEE single precision, 4 bytes.</summary>
    Fp32,

    /// <summary>bfloat16, 2 bytes.</summary>
    Bf16,

    /// <summary>IEEE half precision, 2 bytes.</summary>
    Fp16,

    /// <summary>8-bit float (e4m3 or e5m2), 1 byte.</summary>
    Fp8,

    /// <summary>4-bit float E2M1, half a byte: the compute type of NVFP4 and MXFP4 (their block scales are in <see cref="WeightFormat"/>).</summary>
    Fp4,
}

/// <summary>Sizes and names of <see cref="DataType"/> values.</summary>
public static class DataTypes
{
    /// <summary>Bytes per element: the <c>b</c> of every intensity formula.</summary>
    public static double BytesPerElement(this DataType type) => type switch
    {
        DataType.Fp32 => 4,
        DataType.Bf16 or DataType.Fp16 => 2,
        DataType.Fp8 => 1,
        DataType.Fp4 => 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown data type"),
    };

    /// <summary>The names accepted in files, for error messages.</summary>
    public const string AcceptedNames = "fp32, bf16, fp16, fp8, fp4";

    /// <summary>Parses "bf16", "fp8", "fp8_e4m3", "mxfp4" (case-insensitive); false when unknown.</summary>
    public static bool TryParse(string? text, out DataType type)
    {
        var s = (text ?? string.Empty).Trim().ToLowerInvariant();
        DataType? parsed = s switch
        {
            "fp32" or "float32" => DataType.Fp32,
            "bf16" or "bfloat16" => DataType.Bf16,
            "fp16" or "float16" => DataType.Fp16,
            "fp8" or "fp8_e4m3" or "e4m3" or "fp8_e5m2" or "e5m2" => DataType.Fp8,
            "fp4" or "mxfp4" or "nvfp4" => DataType.Fp4,
            _ => null,
        };
        type = parsed ?? DataType.Bf16;
        return parsed is not null;
    }

    /// <summary>The canonical lower-case name ("bf16").</summary>
    public static string Name(this DataType type) => type.ToString().ToLowerInvariant();
}
