using ClusterSim.Scheduling.Admission;
using ClusterSim.Scheduling.Policies;
using ClusterSim.Scheduling.Routing;

namespace ClusterSim.Scheduling;

/// <summary>
/// Batch policies, routers and admission controls by the names scenario files use. Register a new one here (or
/// through <see cref="RegisterPolicy(string, Func{PolicyContext, IBatchPolicy})"/> on a catalog handed to the run)
/// to make it selectable; docs/scheduling.md shows how.
/// </summary>
public sealed class SchedulerCatalog
{
    private readonly Dictionary<string, Func<PolicyContext, IBatchPolicy>> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<RouterContext, IRouter>> _routers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<AdmissionSettings, IAdmissionPolicy>> _admissions = new(StringComparer.Ordinal);

    /// <summary>A catalog with every built-in policy, router and admission control.</summary>
    public SchedulerCatalog()
    {
        RegisterPolicy(FcfsPolicy.PolicyName, () => new FcfsPolicy());
        RegisterPolicy("chunked-prefill", () => new DecodeFirstPolicy("chunked-prefill"));
        RegisterPolicy("decode-first", () => new DecodeFirstPolicy());
        RegisterPolicy("prefill-first", () => new PrefillFirstPolicy());
        RegisterPolicy(EarliestDeadlinePolicy.PolicyName, context => new EarliestDeadlinePolicy(context));
        RegisterPolicy(ShortestPromptFirstPolicy.PolicyName, () => new ShortestPromptFirstPolicy());
        RegisterRouter("round-robin", () => new RoundRobinRouter());
        RegisterRouter("least-tokens", () => new LeastOutstandingTokensRouter());
        RegisterRouter("least-load", () => new LeastOutstandingTokensRouter());
        RegisterRouter(PowerOfTwoChoicesRouter.RouterName, context => new PowerOfTwoChoicesRouter(context));
        RegisterRouter("prefix-aware", () => new PrefixAwareRouter());
        RegisterRouter(PrefixAffinityRouter.RouterName, () => new PrefixAffinityRouter());
        RegisterRouter(KvAwareRouter.RouterName, () => new KvAwareRouter());
        RegisterAdmission(UnboundedAdmission.KindName, _ => new UnboundedAdmission());
        RegisterAdmission(BoundedQueueAdmission.KindName, s => new BoundedQueueAdmission(s.MaxQueue));
        RegisterAdmission(TokenBucketAdmission.KindName, s => new TokenBucketAdmission(s.RatePerSecond, s.Burst));
    }

    #pragma warning disable RS0030 // each list is sorted here by Order()
    /// <summary>Names of the batch policies, sorted.</summary>
    public IEnumerable<string> PolicyNames => _policies.Keys.Order(StringComparer.Ordinal);

    /// <summary>Names of the routers, sorted.</summary>
    public IEnumerable<string> RouterNames => _routers.Keys.Order(StringComparer.Ordinal);

    /// <summary>Names of the admission controls, sorted.</summary>
    public IEnumerable<string> AdmissionNames => _admissions.Keys.Order(StringComparer.Ordinal);
    #pragma warning restore RS0030

    /// <summary>Adds or replaces a batch policy that needs no context.</summary>
    public void RegisterPolicy(string name, Func<IBatchPolicy> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _policies[name] = _ => factory();
    }

    /// <summary>Adds or replaces a batch policy built from the run's <see cref="PolicyContext"/> (its SLOs).</summary>
    public void RegisterPolicy(string name, Func<PolicyContext, IBatchPolicy> factory) => _policies[name] = factory;

    /// <summary>Adds or replaces a router that needs no context.</summary>
    public void RegisterRouter(string name, Func<IRouter> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _routers[name] = _ => factory();
    }

    /// <summary>Adds or replaces a router built from its <see cref="RouterContext"/> (seed and pool, for random streams).</summary>
    public void RegisterRouter(string name, Func<RouterContext, IRouter> factory) => _routers[name] = factory;

    /// <summary>Adds or replaces an admission control built from the scenario's admission settings.</summary>
    public void RegisterAdmission(string name, Func<AdmissionSettings, IAdmissionPolicy> factory) => _admissions[name] = factory;

    /// <summary>True when a policy of that name exists.</summary>
    public bool HasPolicy(string name) => _policies.ContainsKey(name);

    /// <summary>True when a router of that name exists.</summary>
    public bool HasRouter(string name) => _routers.ContainsKey(name);

    /// <summary>True when an admission control of that name exists.</summary>
    public bool HasAdmission(string name) => _admissions.ContainsKey(name);

    /// <summary>A fresh policy object without SLOs.</summary>
    public IBatchPolicy CreatePolicy(string name) => CreatePolicy(name, PolicyContext.None);

    /// <summary>A fresh policy object (one per instance: policies may keep state).</summary>
    public IBatchPolicy CreatePolicy(string name, PolicyContext context) => _policies[name](context);

    /// <summary>A fresh router object with seed 0 for a pool named "serving".</summary>
    public IRouter CreateRouter(string name) => CreateRouter(name, new RouterContext(0, "serving"));

    /// <summary>A fresh router object (routers keep state such as a round-robin cursor or a random stream).</summary>
    public IRouter CreateRouter(string name, RouterContext context) => _routers[name](context);

    /// <summary>A fresh admission control of <paramref name="settings"/>' kind.</summary>
    public IAdmissionPolicy CreateAdmission(AdmissionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _admissions[settings.Kind](settings);
    }
}
