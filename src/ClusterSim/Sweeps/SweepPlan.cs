namespace ClusterSim.Sweeps;

/// <summary>The cross product of a sweep's parameters, enumerated in a fixed order.</summary>
public sealed class SweepPlan
{
    private SweepPlan(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepPoint> points)
    {
        Parameters = parameters;
        Points = points;
    }

    /// <summary>The swept parameters in the order given; the first is the plots' x axis.</summary>
    public IReadOnlyList<SweepParameter> Parameters { get; }

    /// <summary>Every point, by index; the first parameter varies slowest, the last fastest.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>Builds the plan; throws <see cref="SweepException"/> for no parameters, an empty list or a repeated key.</summary>
    public static SweepPlan Create(IReadOnlyList<SweepParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw new SweepException("sweep: no swept values; give at least one --set key.path=v1,v2,...");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (p.Values.Count == 0)
            {
                throw new SweepException($"sweep: --set {p.KeyPath}: the value list is empty; give at least one value");
            }

            foreach (var key in p.KeyPaths)
            {
                if (!seen.Add(key))
                {
                    throw new SweepException($"sweep: --set {key} is swept twice; give each key once with all its values");
                }
            }

            foreach (var value in p.Values)
            {
                _ = p.Assignments(value);
            }

            var duplicate = p.Values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new SweepException($"sweep: --set {p.KeyPath}: the value '{duplicate.Key}' appears twice; list each value once");
            }
        }

        var total = parameters.Aggregate(1L, (n, p) => n * p.Values.Count);
        if (total > 100_000)
        {
            throw new SweepException($"sweep: the cross product has {total} points; at most 100000 are allowed (shard or split the sweep)");
        }

        var points = new List<SweepPoint>((int)total);
        var digits = new int[parameters.Count];
        for (var index = 0; index < total; index++)
        {
            var settings = new SweepSetting[parameters.Count];
            for (var i = 0; i < parameters.Count; i++)
            {
                settings[i] = new SweepSetting(parameters[i].KeyPath, parameters[i].Values[digits[i]]);
            }

            points.Add(new SweepPoint(index, settings));
            for (var i = parameters.Count - 1; i >= 0; i--)
            {
                if (++digits[i] < parameters[i].Values.Count)
                {
                    break;
                }

                digits[i] = 0;
            }
        }

        return new SweepPlan(parameters, points);
    }
}
