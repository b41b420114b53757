namespace ClusterSim.Serving;

/// <summary>What an instance does in its deployment.</summary>
public enum InstanceRole
{
    /// <summary>Prefill and decode on the same accelerators (chunked prefill mixes them in one step).</summary>
    Colocated,

    /// <summary>Prefill only; finished prompts move their KV cache to a decode instance.</summary>
    Prefill,

    /// <summary>Decode only; requests arrive with their KV cache.</summary>
    Decode,
}
