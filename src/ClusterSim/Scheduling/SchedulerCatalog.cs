namespace ClusterSim.Scheduling;

/// <summary>
/// Batch policies and routers by the names scenario files use. Register a new one here (or through
/// <see cref="RegisterPolicy"/> before a run) to make it selectable.
/// </summary>
public sealed class SchedulerCatalog
{
    private readonly Dictionary<string, Func<IBatchPolicy>> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IRouter>> _routers = new(StringComparer.Ordinal);

    /// <summary>A catalog with every built-in policy and router.</summary>
    public SchedulerCatalog()
    {
        RegisterPolicy("decode-first", () => new DecodeFirstPolicy());
        RegisterPolicy("prefill-first", () => new PrefillFirstPolicy());
        RegisterRouter("round-robin", () => new RoundRobinRouter());
        RegisterRouter("least-tokens", () => new LeastOutstandingTokensRouter());
        RegisterRouter("prefix-aware", () => new PrefixAwareRouter());
    }

    /// <summary>Names of the batch policies, sorted.</summary>
    public IEnumerable<string> PolicyNames => _policies.Keys.Order(StringComparer.Ordinal);

    /// <summary>Names of the routers, sorted.</summary>
    public IEnumerable<string> RouterNames => _routers.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds or replaces a batch policy under a name.</summary>
    public void RegisterPolicy(string name, Func<IBatchPolicy> factory) => _policies[name] = factory;

    /// <summary>Adds or replaces a router under a name.</summary>
    public void RegisterRouter(string name, Func<IRouter> factory) => _routers[name] = factory;

    /// <summary>True when a policy of that name exists.</summary>
    public bool HasPolicy(string name) => _policies.ContainsKey(name);

    /// <summary>True when a router of that name exists.</summary>
    public bool HasRouter(string name) => _routers.ContainsKey(name);

    /// <summary>A fresh policy object.</summary>
    public IBatchPolicy CreatePolicy(string name) => _policies[name]();

    /// <summary>A fresh router object (routers keep state such as a round-robin cursor).</summary>
    public IRouter CreateRouter(string name) => _routers[name]();
}
