using ClusterSim.Models;
using ClusterSim.Scenarios;

namespace ClusterSim.Planning;

/// <summary>The number formats in effect: the model's own, with the scenario's <c>model.precision</c> overrides.</summary>
public static class Precisions
{
    /// <summary>
    /// Applies <paramref name="overrides"/>; a scenario's <c>weights</c> format applies to every matrix it quantises
    /// (attention, dense, shared and routed experts) unless <c>attention_weights</c>, <c>dense_weights</c> or
    /// <c>expert_weights</c> names that kind's own format.
    /// </summary>
    public static ModelPrecision Apply(ModelPrecision precision, PrecisionOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(precision);
        ArgumentNullException.ThrowIfNull(overrides);
        return precision with
        {
            AttentionWeights = overrides.AttentionWeights ?? overrides.Weights ?? precision.AttentionWeights,
            DenseWeights = overrides.DenseWeights ?? overrides.Weights ?? precision.DenseWeights,
            ExpertWeights = overrides.ExpertWeights ?? overrides.Weights ?? precision.ExpertWeights,
            KvCache = overrides.KvCache ?? precision.KvCache,
            Activations = overrides.Activations ?? precision.Activations,
            Dispatch = overrides.Dispatch ?? precision.Dispatch,
            Combine = overrides.Combine ?? precision.Combine,
        };
    }
}
