using System.Collections.Concurrent;
using ClusterSim.Input;
using ClusterSim.Sweeps;
using Microsoft.Extensions.Logging;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// Runs a plan: enumerates its candidates, keeps the ones the shard owns (candidate i belongs to shard i mod n, as
/// sweep points do), and prunes or measures them on <c>jobs</c> threads. Each candidate is judged alone with the base
/// seed, so the results do not depend on the number of threads or shards.
/// </summary>
public static class PlanSearch
{
    /// <summary>The results of the shard's candidates, in candidate order.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="catalog">Where names resolve.</param>
    /// <param name="shard">Which candidates to judge.</param>
    /// <param name="jobs">Candidates judged at once, ≥ 1.</param>
    /// <param name="logger">Told each probe and candidate.</param>
    /// <param name="simulate">False for a dry run: prune only, simulate nothing.</param>
    /// <param name="finished">Told when each candidate is done (for a progress display); may be null.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    public static IReadOnlyList<CandidateResult> Run(
        PlanSpec plan, Catalog catalog, SweepShard shard, int jobs, ILogger logger, bool simulate, IProgress<CandidateResult>? finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        var owned = CandidateSpace.Enumerate(plan).Where(c => shard.Owns(c.Index)).ToArray();
        var evaluator = new CandidateEvaluator(plan, catalog, logger);
        var results = new CandidateResult[owned.Length];

        // No buffering: a thread takes the next candidate only when it is free, so quick pruned candidates never
        // queue behind long searches.
        var work = Partitioner.Create(Enumerable.Range(0, owned.Length), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken },
            i =>
            {
                results[i] = evaluator.Evaluate(owned[i], simulate, cancellationToken);
                finished?.Report(results[i]);
            });
        return results;
    }
}
