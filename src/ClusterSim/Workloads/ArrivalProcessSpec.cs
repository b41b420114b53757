namespace ClusterSim.Workloads;

/// <summary>How inter-arrival gaps are drawn.</summary>
public enum ArrivalProcessKind
{
    /// <summary>Exponential gaps: a memoryless Poisson process (cv = 1).</summary>
    Poisson,

    /// <summary>Gamma gaps with a chosen coefficient of variation (cv &gt; 1 is bursty, cv &lt; 1 is regular).</summary>
    Gamma,

    /// <summary>Every gap exactly 1/rate.</summary>
    Constant,
}

/// <summary>The <c>workload.arrival</c> section: the arrival process and its mean rate.</summary>
/// <param name="Process">Which process draws the gaps.</param>
/// <param name="RatePerSecond">Mean arrivals per second (<c>rate_per_s</c>), &gt; 0.</param>
/// <param name="Cv">Coefficient of variation of the gaps (gamma only): shape = 1/cv², scale = 1/(rate·shape).</param>
public sealed record ArrivalProcessSpec(ArrivalProcessKind Process, double RatePerSecond, double? Cv = null)
{
    /// <summary>The YAML names of the processes, for error messages.</summary>
    public const string AllowedProcesses = "poisson, gamma, constant";

    /// <summary>Largest accepted rate; beyond it gaps fall below a nanosecond.</summary>
    public const double MaxRatePerSecond = 1e8;

    /// <summary>Problems with this section; <paramref name="keyPath"/> is where it sits (<c>workload.arrival</c>).</summary>
    public IEnumerable<SpecError> Validate(string keyPath)
    {
        if (!Enum.IsDefined(Process))
        {
            yield return new SpecError($"{keyPath}.process", $"unknown process; allowed: {AllowedProcesses}");
        }

        if (!double.IsFinite(RatePerSecond) || RatePerSecond <= 0 || RatePerSecond > MaxRatePerSecond)
        {
            yield return new SpecError($"{keyPath}.rate_per_s", "must be > 0 and <= 1e8 requests per second");
        }

        if (Process == ArrivalProcessKind.Gamma)
        {
            if (Cv is not { } cv)
            {
                yield return new SpecError($"{keyPath}.cv", "is required for process 'gamma' (coefficient of variation of the gaps, > 0)");
            }
            else if (!double.IsFinite(cv) || cv <= 0 || cv > 100)
            {
                yield return new SpecError($"{keyPath}.cv", "must be > 0 and <= 100");
            }
        }
        else if (Cv is not null)
        {
            yield return new SpecError($"{keyPath}.cv", $"only applies to process 'gamma', not '{Process.ToString().ToLowerInvariant()}'");
        }
    }
}
