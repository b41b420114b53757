using ClusterSim.Sweeps;

namespace ClusterSim.Tests.Sweeps;

public sealed class SweepShardTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(16, 4)]
    [InlineData(5, 8)]
    public void Shards_partition_the_points_each_exactly_once(int points, int shards)
    {
        var plan = SweepPlan.Create([new("k", Enumerable.Range(0, points).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())]);

        var owners = plan.Points.Select(p => Enumerable.Range(0, shards).Count(i => new SweepShard(i, shards).Owns(p.Index))).ToArray();
        var sizes = Enumerable.Range(0, shards).Select(i => new SweepShard(i, shards).Select(plan).Count).ToArray();

        Assert.All(owners, count => Assert.Equal(1, count));
        // p mod n: shard sizes differ by at most one (7 points over 3 shards: 3, 2, 2).
        Assert.True(sizes.Max() - sizes.Min() <= 1);
        Assert.Equal(points, sizes.Sum());
    }

    [Fact]
    public void Select_gives_shard_1_of_3_the_points_1_4_7()
    {
        var plan = SweepPlan.Create([new("k", ["a", "b", "c", "d", "e", "f", "g", "h"])]);

        Assert.Equal([1, 4, 7], new SweepShard(1, 3).Select(plan).Select(p => p.Index));
    }

    [Fact]
    public void Resolve_prefers_flags_over_the_environment()
    {
        var shard = SweepShard.Resolve(2, 5, Env(("JOB_COMPLETION_INDEX", "0"), ("SLURM_ARRAY_TASK_ID", "1")));

        Assert.Equal(new SweepShard(2, 5), shard);
    }

    [Fact]
    public void Resolve_reads_the_kubernetes_completion_index_with_the_count_flag()
    {
        Assert.Equal(new SweepShard(3, 4), SweepShard.Resolve(null, 4, Env(("JOB_COMPLETION_INDEX", "3"))));
    }

    [Fact]
    public void Resolve_needs_a_count_for_the_kubernetes_index()
    {
        var e = Assert.Throws<SweepException>(() => SweepShard.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "3"))));

        Assert.Contains("--shard-count", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_offsets_a_slurm_array_that_starts_at_1()
    {
        // --array=1-4: task ids 1..4, minimum 1, count 4; task 4 is shard 3 of 4.
        var shard = SweepShard.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "4")));

        Assert.Equal(new SweepShard(3, 4), shard);
    }

    [Fact]
    public void Resolve_rejects_an_index_outside_the_count()
    {
        var e = Assert.Throws<SweepException>(() => SweepShard.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_COUNT", "4"))));

        Assert.Contains("shard index 4 of 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_rejects_a_malformed_variable()
    {
        var e = Assert.Throws<SweepException>(() => SweepShard.Resolve(null, 2, Env(("JOB_COMPLETION_INDEX", "one"))));

        Assert.Contains("JOB_COMPLETION_INDEX='one' is not an integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_without_flags_or_environment_is_the_whole_sweep()
    {
        Assert.Equal(SweepShard.Whole, SweepShard.Resolve(null, null, Env()));
    }
}
