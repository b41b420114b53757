namespace ClusterSim.Engine.Random;

/// <summary>The run's source of named random streams: one seed, one independent stream per component name.</summary>
public sealed class RandomStreams
{
    private readonly Dictionary<string, RandomStream> _streams = new(StringComparer.Ordinal);

    /// <summary>Streams derived from one run seed.</summary>
    public RandomStreams(ulong seed) => Seed = seed;

    /// <summary>The run seed every stream derives from.</summary>
    public ulong Seed { get; }

    /// <summary>The stream for a component; the same name always returns the same stream object.</summary>
    public RandomStream Get(string name)
    {
        if (!_streams.TryGetValue(name, out var stream))
        {
            stream = RandomStream.ForComponent(Seed, name);
            _streams.Add(name, stream);
        }

        return stream;
    }
}
