namespace ClusterSim.Serving;

/// <summary>
/// Who an instance is, as telemetry sees it: fixed for the run, made once per instance, so records that carry it
/// cost nothing per step and give observers no door into the live scheduler.
/// </summary>
/// <param name="Pool">Name of its pool (serving, prefill, decode).</param>
/// <param name="Index">Index of the instance in its pool.</param>
/// <param name="Role">Its role in the deployment.</param>
/// <param name="LayerFidelity">
/// True when its steps run stage by stage: a step's length is known only when it ends, so a step's start carries the
/// priced estimate and its end the simulated length.
/// </param>
public sealed record InstanceIdentity(string Pool, int Index, InstanceRole Role, bool LayerFidelity);
