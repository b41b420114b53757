using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>How much work a step's batch holds, summed over the instance's ranks.</summary>
/// <param name="Tokens">Tokens fed through the model (decode tokens plus prefill tokens): the pool-wide batch.</param>
/// <param name="PrefillTokens">Prompt tokens prefilled.</param>
/// <param name="Decodes">Requests decoding.</param>
public readonly record struct BatchCounts(int Tokens, int PrefillTokens, int Decodes)
{
    /// <summary>Counts <paramref name="batch"/>.</summary>
    public static BatchCounts Of(StepBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var prefillTokens = 0;
        foreach (var rank in batch.Ranks)
        {
            prefillTokens += rank.PrefillTokens;
        }

        return new BatchCounts(batch.TotalTokens, prefillTokens, batch.TotalDecodes);
    }
}

/// <summary>
/// One step of an instance as observers receive it: who ran it, what its batch held, what it cost, and the instance's
/// gauges when the record was sent. A value passed by reference, so sending one allocates nothing.
/// </summary>
/// <param name="Instance">The instance that ran the step.</param>
/// <param name="Batch">What the step's batch held.</param>
/// <param name="Cost">The step's cost: priced at its start; at layer fidelity, scaled to the simulated length at its end.</param>
/// <param name="Gauges">The instance's gauges when the record was sent.</param>
/// <param name="Start">When the step started.</param>
public readonly record struct StepRecord(InstanceIdentity Instance, BatchCounts Batch, StepCost Cost, RankGroupGauges Gauges, SimTime Start);
