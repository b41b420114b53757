namespace ClusterSim.Hardware;

/// <summary>The provenance of one figure: its kind, a free-text reference, and a note where sources disagree.</summary>
/// <param name="Kind">Datasheet, measured, calibrated or assumed.</param>
/// <param name="Text">Who published or chose it ("NVIDIA H200 datasheet", "assumed: no public measurement").</param>
/// <param name="Note">Disagreement between sources or a caveat; empty when there is none.</param>
public sealed record Source(SourceKind Kind, string Text, string Note = "")
{
    /// <summary>"datasheet: NVIDIA H200 datasheet (note: ...)", the form written to outputs.</summary>
    public override string ToString() =>
        Note.Length == 0 ? $"{Kind.Name()}: {Text}" : $"{Kind.Name()}: {Text} (note: {Note})";
}

/// <summary>A value together with the source that vouches for it.</summary>
/// <typeparam name="T">The value type: a unit struct, a ratio, a count or a duration.</typeparam>
public readonly record struct Sourced<T>(T Value, Source Source);
