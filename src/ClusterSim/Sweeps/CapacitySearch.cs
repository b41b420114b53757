namespace ClusterSim.Sweeps;

/// <summary>One probe of a capacity search: a rate and whether the run there met the target.</summary>
/// <param name="RatePerSecond">Offered request rate.</param>
/// <param name="Attainment">Share of measured requests meeting every SLO.</param>
/// <param name="MeetsTarget">Attainment at or above the target.</param>
public sealed record CapacityProbe(double RatePerSecond, double Attainment, bool MeetsTarget);

/// <summary>How a capacity search ended.</summary>
public enum CapacityStatus
{
    /// <summary>Bracketed and bisected: the rate meets the target and a rate within the precision above it does not.</summary>
    Found,

    /// <summary>Even the lowest rate tried misses the target: the capacity is below the search range.</summary>
    BelowRange,

    /// <summary>Even the highest rate tried meets the target: the capacity is above the search range.</summary>
    AboveRange,
}

/// <summary>The outcome of a capacity search.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="RatePerSecond">The highest rate found to meet the target; null when <see cref="CapacityStatus.BelowRange"/>.</param>
/// <param name="FailingRatePerSecond">The lowest rate found to miss it; null when <see cref="CapacityStatus.AboveRange"/>.</param>
/// <param name="Probes">Every probe in the order run.</param>
public sealed record CapacityOutcome(CapacityStatus Status, double? RatePerSecond, double? FailingRatePerSecond, IReadOnlyList<CapacityProbe> Probes);

/// <summary>
/// Searches the highest request rate whose SLO attainment meets a target: bracket by doubling or halving from a
/// start rate, then bisect until the bracket [pass, fail] is narrower than a relative precision of the passing rate.
/// </summary>
/// <remarks>
/// Each probe is a whole simulation with the same seed (common random numbers), so neighbouring rates see the same
/// arrival pattern scaled in time and the comparison between them is not noise. Attainment need not be monotone in
/// the rate; the search returns a rate that passes with a failing rate within the precision above it, which is
/// what the bracket guarantees even then.
/// </remarks>
public static class CapacitySearch
{
    /// <summary>Bracketing stops after this many doublings or halvings (a factor of about 10^6).</summary>
    public const int MaxBracketSteps = 20;

    /// <summary>Runs the search; <paramref name="attainmentAt"/> simulates one rate and returns its attainment.</summary>
    /// <param name="startRatePerSecond">First rate probed (the scenario's own rate), &gt; 0.</param>
    /// <param name="targetAttainment">Required attainment, in (0, 1].</param>
    /// <param name="relativePrecision">Stop when (fail − pass) ≤ precision × pass; in (0, 1).</param>
    /// <param name="attainmentAt">Runs one probe.</param>
    /// <param name="cancellationToken">Checked between probes.</param>
    public static CapacityOutcome Search(
        double startRatePerSecond,
        double targetAttainment,
        double relativePrecision,
        Func<double, double> attainmentAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attainmentAt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(startRatePerSecond);
        if (!(targetAttainment > 0 && targetAttainment <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetAttainment), targetAttainment, "must be in (0, 1]");
        }

        if (!(relativePrecision > 0 && relativePrecision < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativePrecision), relativePrecision, "must be in (0, 1)");
        }

        var probes = new List<CapacityProbe>();
        bool Probe(double rate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attainment = attainmentAt(rate);
            var meets = attainment >= targetAttainment;
            probes.Add(new CapacityProbe(rate, attainment, meets));
            return meets;
        }

        double pass;
        double fail;
        var rate = startRatePerSecond;
        if (Probe(rate))
        {
            pass = rate;
            var steps = 0;
            while (true)
            {
                if (++steps > MaxBracketSteps)
                {
                    return new CapacityOutcome(CapacityStatus.AboveRange, pass, null, probes);
                }

                rate *= 2;
                if (!Probe(rate))
                {
                    fail = rate;
                    break;
                }

                pass = rate;
            }
        }
        else
        {
            fail = rate;
            var steps = 0;
            while (true)
            {
                if (++steps > MaxBracketSteps)
                {
                    return new CapacityOutcome(CapacityStatus.BelowRange, null, fail, probes);
                }

                rate /= 2;
                if (Probe(rate))
                {
                    pass = rate;
                    break;
                }

                fail = rate;
            }
        }

        while (fail - pass > relativePrecision * pass)
        {
            var middle = (pass + fail) / 2;
            if (Probe(middle))
            {
                pass = middle;
            }
            else
            {
                fail = middle;
            }
        }

        return new CapacityOutcome(CapacityStatus.Found, pass, fail, probes);
    }
}
