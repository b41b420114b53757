namespace ClusterSim.Kernels;

/// <summary>The outcome of a minimisation: the best point, its value and the objective evaluations spent.</summary>
/// <param name="Point">The best point found.</param>
/// <param name="Value">The objective there.</param>
/// <param name="Evaluations">How many times the objective was evaluated.</param>
public sealed record Minimum(double[] Point, double Value, int Evaluations);

/// <summary>
/// Nelder-Mead simplex minimisation (reflection −1, expansion −2, contraction ½, shrink ½), derivative-free so it takes
/// objectives that are simulations. Bounds are the caller's: an objective returns +∞ (or <see cref="double.MaxValue"/>)
/// outside them and the simplex rejects those points. Deterministic: same objective, same start, same answer.
/// </summary>
public static class NelderMead
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/> with initial steps <paramref name="steps"/>.</summary>
    /// <param name="f">The objective.</param>
    /// <param name="start">The first vertex.</param>
    /// <param name="steps">The offset of each other vertex along its axis.</param>
    /// <param name="iterations">Simplex iterations at most.</param>
    /// <param name="maxEvaluations">Objective evaluations at most (checked once per iteration); 0 for no limit.</param>
    /// <param name="tolerance">Stop when the simplex's values differ by less than this; 0 never stops early.</param>
    public static Minimum Minimise(Func<double[], double> f, double[] start, double[] steps, int iterations, int maxEvaluations = 0, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(steps);
        var evaluations = 0;
        double F(double[] x)
        {
            evaluations++;
            return f(x);
        }

        var n = start.Length;
        var points = new double[n + 1][];
        points[0] = (double[])start.Clone();
        for (var i = 0; i < n; i++)
        {
            points[i + 1] = (double[])start.Clone();
            points[i + 1][i] += steps[i];
        }

        var values = points.Select(F).ToArray();
        for (var it = 0; it < iterations && (maxEvaluations <= 0 || evaluations < maxEvaluations); it++)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            points = order.Select(i => points[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            if (tolerance > 0 && values[n] - values[0] < tolerance)
            {
                break;
            }

            var centroid = new double[n];
            for (var j = 0; j < n; j++)
            {
                centroid[j] = points.Take(n).Average(p => p[j]);
            }

            double[] Toward(double t) => centroid.Select((c, j) => c + (t * (points[n][j] - c))).ToArray();
            var reflected = Toward(-1);
            var fr = F(reflected);
            if (fr < values[0])
            {
                var expanded = Toward(-2);
                var fe = F(expanded);
                (points[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (points[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = Toward(0.5);
                var fc = F(contracted);
                if (fc < values[n])
                {
                    (points[n], values[n]) = (contracted, fc);
                }
                else
                {
                    // Shrink every point toward the best one.
                    for (var i = 1; i <= n; i++)
                    {
                        points[i] = points[i].Select((x, j) => points[0][j] + (0.5 * (x - points[0][j]))).ToArray();
                        values[i] = F(points[i]);
                    }
                }
            }
        }

        var best = Array.IndexOf(values, values.Min());
        return new Minimum(points[best], values[best], evaluations);
    }
}
