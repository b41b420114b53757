using System.Globalization;
using ClusterSim.Input;
using CsvHelper;

namespace ClusterSim.Experts;

/// <summary>A bad expert-histogram file: the message names the file, the row and what is allowed.</summary>
public sealed class ExpertHistogramException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ExpertHistogramException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public ExpertHistogramException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception without a message (serialisation and tooling).</summary>
    public ExpertHistogramException()
    {
    }
}

/// <summary>
/// Per-layer expert popularity measured on a real deployment, read from a CSV file with the header
/// <c>layer,expert,weight</c>: layer is the MoE-layer ordinal (0 for the first MoE layer), expert the routed expert
/// index, weight any non-negative number proportional to the tokens the expert received (counts or shares).
/// </summary>
/// <param name="Layers">Weights by MoE-layer ordinal; each array has one entry per expert seen up to the highest index.</param>
/// <param name="Source">The file read.</param>
public sealed record ExpertHistogram(IReadOnlyDictionary<int, double[]> Layers, string Source)
{
    /// <summary>Reads and checks a histogram file; throws <see cref="ExpertHistogramException"/> naming the row.</summary>
    public static ExpertHistogram Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ExpertHistogramException($"{path}: file not found");
        }

        var rows = new Dictionary<int, Dictionary<int, double>>();
        long line = 0;
        var headerSeen = false;
        using var csv = CsvReader.FromFile(path, CsvInput.Options(lineBreaksInQuotes: false, commentPrefix: '#'));
        while (csv.Read())
        {
            line = csv.LineNumber;
            var cells = CsvInput.Fields(csv);
            // Indented comments and lines of spaces are skipped too, as they always were.
            if (CsvInput.IsBlank(csv) || cells[0].TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!headerSeen)
            {
                headerSeen = true;
                if (cells.Length != 3 || cells[0].Trim() != "layer" || cells[1].Trim() != "expert" || cells[2].Trim() != "weight")
                {
                    throw new ExpertHistogramException($"{path}: row {line}: the header must be 'layer,expert,weight', found '{CsvInput.RawText(csv).Trim()}'");
                }

                continue;
            }

            if (cells.Length != 3)
            {
                throw new ExpertHistogramException($"{path}: row {line}: expected 3 cells (layer,expert,weight), found {cells.Length}");
            }

            var layer = Whole(cells[0], "layer");
            var expert = Whole(cells[1], "expert");
            if (!double.TryParse(cells[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !double.IsFinite(weight) || weight < 0)
            {
                throw new ExpertHistogramException($"{path}: row {line}: weight '{cells[2].Trim()}' must be a finite number ≥ 0");
            }

            if (!rows.TryGetValue(layer, out var experts))
            {
                experts = [];
                rows[layer] = experts;
            }

            if (!experts.TryAdd(expert, weight))
            {
                throw new ExpertHistogramException($"{path}: row {line}: layer {layer} expert {expert} appears twice");
            }
        }

        if (rows.Count == 0)
        {
            throw new ExpertHistogramException($"{path}: no rows; expected 'layer,expert,weight' followed by one row per layer and expert");
        }

        var layers = new Dictionary<int, double[]>();
        foreach (var (layer, experts) in rows)
        {
            #pragma warning disable RS0030 // a maximum does not depend on order
            var weights = new double[experts.Keys.Max() + 1];
            #pragma warning restore RS0030
            foreach (var (e, w) in experts)
            {
                weights[e] = w;
            }

            if (weights.Sum() <= 0)
            {
                throw new ExpertHistogramException($"{path}: layer {layer} has no positive weight; every layer needs at least one expert with tokens");
            }

            layers[layer] = weights;
        }

        return new ExpertHistogram(layers, path);

        int Whole(string cell, string name)
        {
            return int.TryParse(cell.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new ExpertHistogramException($"{path}: row {line}: {name} '{cell.Trim()}' must be a whole number ≥ 0");
        }
    }

    /// <summary>
    /// Checks the file against a model: expert indices below <paramref name="experts"/>, layer ordinals below
    /// <paramref name="moeLayers"/>. Returns null when it fits, else the problem in one line.
    /// </summary>
    public string? Mismatch(int experts, int moeLayers)
    {
        foreach (var (layer, weights) in Layers)
        {
            if (layer >= moeLayers)
            {
                return $"{Source}: layer {layer} does not exist; the model has MoE layers 0 to {moeLayers - 1}";
            }

            if (weights.Length > experts)
            {
                return $"{Source}: layer {layer} names expert {weights.Length - 1}; the model has experts 0 to {experts - 1}";
            }
        }

        return null;
    }

    /// <summary>
    /// Popularity of MoE layer <paramref name="layer"/> over <paramref name="experts"/> experts, normalised to sum 1;
    /// a layer missing from the file takes the mean of the normalised layers present.
    /// </summary>
    public double[] PopularityOf(int layer, int experts)
    {
        var result = new double[experts];
        if (Layers.TryGetValue(layer, out var own))
        {
            AddNormalised(own, result, 1);
            return result;
        }

        #pragma warning disable RS0030 // insertion order is the layers' first appearance in the file and nothing is removed, so the sum is the same for the same file
        foreach (var weights in Layers.Values)
        {
            AddNormalised(weights, result, 1.0 / Layers.Count);
        }
        #pragma warning restore RS0030

        return result;
    }

    private static void AddNormalised(double[] weights, double[] into, double scale)
    {
        var sum = weights.Sum();
        for (var e = 0; e < Math.Min(weights.Length, into.Length); e++)
        {
            into[e] += weights[e] / sum * scale;
        }
    }
}
