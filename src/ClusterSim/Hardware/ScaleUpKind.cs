namespace ClusterSim.Hardware;

/// <summary>The fabric that joins accelerators in one high-bandwidth (scale-up) domain.</summary>
public enum ScaleUpKind
{
    /// <summary>NVIDIA NVLink through NVSwitch: all-to-all at full per-GPU bandwidth.</summary>
    NvSwitch,

    /// <summary>AMD Infinity Fabric: point-to-point links, one to each peer in the node.</summary>
    InfinityFabric,

    /// <summary>Google TPU inter-chip interconnect in a 2D or 3D torus: neighbours only, multi-hop beyond.</summary>
    Torus,

    /// <summary>Ethernet ports on the accelerator used for scale-up (Intel Gaudi).</summary>
    Ethernet,
}

/// <summary>Names of <see cref="ScaleUpKind"/> values as written in files.</summary>
public static class ScaleUpKinds
{
    /// <summary>The names accepted in files, for error messages.</summary>
    public const string AcceptedNames = "nvswitch, infinity-fabric, torus, ethernet";

    /// <summary>Parses a kind name (case-insensitive); false when unknown.</summary>
    public static bool TryParse(string? text, out ScaleUpKind kind)
    {
        ScaleUpKind? parsed = (text ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "nvswitch" => ScaleUpKind.NvSwitch,
            "infinity-fabric" => ScaleUpKind.InfinityFabric,
            "torus" => ScaleUpKind.Torus,
            "ethernet" => ScaleUpKind.Ethernet,
            _ => null,
        };
        kind = parsed ?? ScaleUpKind.NvSwitch;
        return parsed is not null;
    }

    /// <summary>The name written in files ("infinity-fabric").</summary>
    public static string Name(this ScaleUpKind kind) => kind switch
    {
        ScaleUpKind.NvSwitch => "nvswitch",
        ScaleUpKind.InfinityFabric => "infinity-fabric",
        ScaleUpKind.Torus => "torus",
        ScaleUpKind.Ethernet => "ethernet",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scale-up kind"),
    };
}
