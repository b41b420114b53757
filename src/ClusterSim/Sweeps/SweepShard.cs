using System.Globalization;

namespace ClusterSim.Sweeps;

/// <summary>
/// Which points of a sweep one machine runs: point p belongs to shard p mod <see cref="Count"/>, so every shard gets
/// an almost equal share of every region of the cross product.
/// </summary>
/// <param name="Index">This shard, 0-based.</param>
/// <param name="Count">Number of shards, at least 1.</param>
public sealed record SweepShard(int Index, int Count)
{
    /// <summary>Kubernetes Indexed Jobs set this to the pod's completion index (0-based).</summary>
    public const string KubernetesIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>Slurm job arrays set this to the task's array index.</summary>
    public const string SlurmIndexVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm job arrays set this to the number of tasks in the array.</summary>
    public const string SlurmCountVariable = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Slurm job arrays set this to the lowest array index (arrays may start at 1).</summary>
    public const string SlurmMinimumVariable = "SLURM_ARRAY_TASK_MIN";

    /// <summary>The whole sweep on one machine.</summary>
    public static SweepShard Whole { get; } = new(0, 1);

    /// <summary>True when <paramref name="pointIndex"/> belongs to this shard.</summary>
    public bool Owns(int pointIndex) => pointIndex % Count == Index;

    /// <summary>The points of <paramref name="plan"/> this shard runs, in index order.</summary>
    public IReadOnlyList<SweepPoint> Select(SweepPlan plan) => plan.Points.Where(p => Owns(p.Index)).ToArray();

    /// <summary>
    /// Resolves the shard from the flags, else the environment: <c>JOB_COMPLETION_INDEX</c> (count from
    /// --shard-count) or <c>SLURM_ARRAY_TASK_ID</c> minus <c>SLURM_ARRAY_TASK_MIN</c> (count from
    /// <c>SLURM_ARRAY_TASK_COUNT</c> unless --shard-count is given). Neither: the whole sweep.
    /// </summary>
    /// <exception cref="SweepException">A variable is malformed, the count is unknown, or the index is out of range.</exception>
    public static SweepShard Resolve(int? flagIndex, int? flagCount, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (flagIndex is { } i && flagCount is { } n)
        {
            return Checked(i, n, "--shard-index/--shard-count");
        }

        if (ReadInt(environment, KubernetesIndexVariable) is { } k8sIndex)
        {
            var count = flagCount ?? throw new SweepException(
                $"sweep: {KubernetesIndexVariable}={k8sIndex.ToString(CultureInfo.InvariantCulture)} is set but the shard count is unknown; pass --shard-count equal to the Job's completions");
            return Checked(k8sIndex, count, KubernetesIndexVariable);
        }

        if (ReadInt(environment, SlurmIndexVariable) is { } taskId)
        {
            var minimum = ReadInt(environment, SlurmMinimumVariable) ?? 0;
            var count = flagCount ?? ReadInt(environment, SlurmCountVariable) ?? throw new SweepException(
                $"sweep: {SlurmIndexVariable} is set but neither --shard-count nor {SlurmCountVariable} gives the shard count");
            return Checked(taskId - minimum, count, $"{SlurmIndexVariable} - {SlurmMinimumVariable}");
        }

        if (flagCount is { } only)
        {
            throw new SweepException(
                $"sweep: --shard-count {only.ToString(CultureInfo.InvariantCulture)} without --shard-index needs {KubernetesIndexVariable} or {SlurmIndexVariable} in the environment");
        }

        return Whole;
    }

    private static SweepShard Checked(int index, int count, string source)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new SweepException(string.Create(
                CultureInfo.InvariantCulture,
                $"sweep: shard index {index} of {count} (from {source}): need a count >= 1 and 0 <= index < count"));
        }

        return new SweepShard(index, count);
    }

    private static int? ReadInt(Func<string, string?> environment, string name)
    {
        var text = environment(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SweepException($"sweep: environment variable {name}='{text}' is not an integer");
    }
}
