namespace ClusterSim.Measurements;

/// <summary>One request of a benchmark run, measured or simulated, in the units harnesses report.</summary>
/// <param name="ArrivalSeconds">When it was sent, seconds from any fixed origin; null when the source has no send times.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Generated tokens (0 for a failed request).</param>
/// <param name="TtftMs">Time to first token; null when not known.</param>
/// <param name="E2eMs">Time from sending to the last token; null when not known.</param>
/// <param name="Succeeded">False for a failed (harness) or dropped (simulation) request; such requests count in no latency.</param>
public sealed record MeasuredRequest(double? ArrivalSeconds, int InputTokens, int OutputTokens, double? TtftMs, double? E2eMs, bool Succeeded = true);
