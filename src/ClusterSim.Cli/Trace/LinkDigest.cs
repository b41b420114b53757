namespace ClusterSim.Cli.Trace;

/// <summary>Per pool: bytes moved and mean and peak busy share of each link class, from the pool rows of timeseries.csv.</summary>
/// <param name="Pool">Pool name.</param>
/// <param name="ScaleUpBytes">Bytes on scale-up links.</param>
/// <param name="ScaleUpMeanBusy">Mean busy share of scale-up links over buckets.</param>
/// <param name="ScaleUpPeakBusy">Highest busy share of a bucket.</param>
/// <param name="ScaleOutBytes">Bytes on scale-out links.</param>
/// <param name="ScaleOutMeanBusy">Mean busy share of scale-out links over buckets.</param>
/// <param name="ScaleOutPeakBusy">Highest busy share of a bucket.</param>
public sealed record LinkDigest(string Pool, double ScaleUpBytes, double ScaleUpMeanBusy, double ScaleUpPeakBusy, double ScaleOutBytes, double ScaleOutMeanBusy, double ScaleOutPeakBusy)
{
    /// <summary>Reads the pool rows of <paramref name="timeseriesPath"/>.</summary>
    public static IReadOnlyList<LinkDigest> Read(string timeseriesPath)
    {
        using var table = CsvTable.Open(timeseriesPath);
        int scope = table.IndexOf("scope"), pool = table.IndexOf("pool");
        int upBytes = table.IndexOf("scale_up_bytes"), upBusy = table.IndexOf("scale_up_busy");
        int outBytes = table.IndexOf("scale_out_bytes"), outBusy = table.IndexOf("scale_out_busy");
        if (new[] { scope, pool, upBytes, upBusy, outBytes, outBusy }.Any(i => i < 0))
        {
            throw new UserErrorException($"{timeseriesPath}: not a timeseries.csv of this version; columns are {string.Join(", ", table.Columns)}");
        }

        var sums = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in table.Rows())
        {
            if (row[scope] != "pool")
            {
                continue;
            }

            if (!sums.TryGetValue(row[pool], out var s))
            {
                s = new double[7];
                sums[row[pool]] = s;
                order.Add(row[pool]);
            }

            var ub = CsvTable.Number(row[upBusy]);
            var ob = CsvTable.Number(row[outBusy]);
            s[0] += CsvTable.Number(row[upBytes]);
            s[1] += ub;
            s[2] = Math.Max(s[2], ub);
            s[3] += CsvTable.Number(row[outBytes]);
            s[4] += ob;
            s[5] = Math.Max(s[5], ob);
            s[6]++;
        }

        return order.Select(p =>
        {
            var s = sums[p];
            var n = Math.Max(1, s[6]);
            return new LinkDigest(p, s[0], s[1] / n, s[2], s[3], s[4] / n, s[5]);
        }).ToList();
    }
}
