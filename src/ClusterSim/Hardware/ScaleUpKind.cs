namespace ClusterSim.Hardware;

/// <summary>
/// How the accelerators of one scale-up domain are wired together: the one scale-up vocabulary, used by the
/// accelerator datasheets here and by the fabric model (which is told the kind and its link figures).
/// </summary>
/// <remarks>
/// It lives in Hardware because a datasheet is where a kind is first known and Hardware may not depend on the
/// fabric; the fabric depends on this enum only. File names are product words (<c>nvswitch</c>, <c>ethernet</c>,
/// <c>infinity-fabric</c>, <c>torus</c>); the enum keeps only what changes the simulated topology.
/// </remarks>
public enum ScaleUpKind
{
    /// <summary>
    /// A switch: every accelerator has one up and one down link to it (NVLink through NVSwitch; Gaudi's scale-up
    /// Ethernet ports are modelled the same way).
    /// </summary>
    Switched,

    /// <summary>Point-to-point links between every pair of accelerators (AMD Infinity Fabric).</summary>
    FullMesh,

    /// <summary>A 2D or 3D torus with neighbour links and dimension-order routing (TPU inter-chip interconnect).</summary>
    Torus,
}

/// <summary>Names of <see cref="ScaleUpKind"/> values as written in hardware files.</summary>
public static class ScaleUpKinds
{
    /// <summary>The names accepted in files, for error messages.</summary>
    public const string AcceptedNames = "nvswitch, infinity-fabric, torus, ethernet";

    /// <summary>Parses a kind name (case-insensitive) into its wiring; false when unknown.</summary>
    public static bool TryParse(string? text, out ScaleUpKind kind)
    {
        ScaleUpKind? parsed = (text ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "nvswitch" or "ethernet" => ScaleUpKind.Switched,
            "infinity-fabric" => ScaleUpKind.FullMesh,
            "torus" => ScaleUpKind.Torus,
            _ => null,
        };
        kind = parsed ?? ScaleUpKind.Switched;
        return parsed is not null;
    }
}
