using ClusterSim.Scheduling;
using ClusterSim.Engine;

namespace ClusterSim.Serving;

/// <summary>
/// Tokens a decode step produced for one request, as <see cref="IServingObserver.OnTokens(RequestState, int, SimDuration)"/>
/// reports them: <paramref name="Interval"/> is measured from the request's <see cref="RequestState.LastToken"/>, which
/// has not moved yet when the record is delivered.
/// </summary>
public readonly record struct DecodeTokens(RequestState Request, int Tokens, SimDuration Interval);
