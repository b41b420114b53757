namespace ClusterSim.Cli.Trace;

/// <summary>One streaming pass over requests.csv: the worst requests by TTFT and by end-to-end latency, and SLO misses.</summary>
public sealed class RequestsDigest
{
    /// <summary>A kept row, by column name.</summary>
    /// <param name="Cells">Cell text by column name.</param>
    public sealed record Row(IReadOnlyDictionary<string, string> Cells);

    /// <summary>Completed requests.</summary>
    public long Completed { get; private set; }

    /// <summary>Completed requests over the TTFT SLO.</summary>
    public long TtftMisses { get; private set; }

    /// <summary>Completed requests over the TPOT SLO.</summary>
    public long TpotMisses { get; private set; }

    /// <summary>Completed requests over either SLO.</summary>
    public long AnyMisses { get; private set; }

    /// <summary>Worst requests by TTFT, worst first.</summary>
    public IReadOnlyList<Row> WorstTtft { get; private set; } = [];

    /// <summary>Worst requests by end-to-end latency, worst first.</summary>
    public IReadOnlyList<Row> WorstE2e { get; private set; } = [];

    /// <summary>
    /// Reads <paramref name="path"/>; NaN SLOs count no misses. Only requests arriving in [<paramref name="windowStartSeconds"/>,
    /// <paramref name="windowEndSeconds"/>) count: the measurement window of summary.json's latency figures.
    /// </summary>
    public static RequestsDigest Read(string path, double ttftSloMs, double tpotSloMs, int worst, double windowStartSeconds, double windowEndSeconds, CancellationToken cancellationToken)
    {
        using var table = CsvTable.Open(path);
        var status = Column(table, "status");
        var arrival = Column(table, "arrival_s");
        var ttft = Column(table, "ttft_ms");
        var tpot = Column(table, "tpot_ms");
        var e2e = Column(table, "e2e_ms");
        var digest = new RequestsDigest();
        var byTtft = new PriorityQueue<string[], (double, long)>();
        var byE2e = new PriorityQueue<string[], (double, long)>();
        long n = 0;
        foreach (var row in table.Rows())
        {
            n++;
            if ((n & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var arrived = CsvTable.Number(row[arrival]);
            if (arrived < windowStartSeconds || arrived >= windowEndSeconds)
            {
                continue;
            }

            var t = CsvTable.Number(row[ttft]);
            var e = CsvTable.Number(row[e2e]);
            Keep(byTtft, row, double.IsNaN(t) ? double.NegativeInfinity : t, n, worst);
            Keep(byE2e, row, e, n, worst);
            if (row[status] != "completed")
            {
                continue;
            }

            digest.Completed++;
            var p = CsvTable.Number(row[tpot]);
            var ttftMiss = !double.IsNaN(ttftSloMs) && t > ttftSloMs;
            var tpotMiss = !double.IsNaN(tpotSloMs) && !double.IsNaN(p) && p > tpotSloMs;
            digest.TtftMisses += ttftMiss ? 1 : 0;
            digest.TpotMisses += tpotMiss ? 1 : 0;
            digest.AnyMisses += ttftMiss || tpotMiss ? 1 : 0;
        }

        digest.WorstTtft = Drain(byTtft, table.Columns);
        digest.WorstE2e = Drain(byE2e, table.Columns);
        return digest;
    }

    private static int Column(CsvTable table, string name)
    {
        var i = table.IndexOf(name);
        return i >= 0 ? i : throw new UserErrorException($"{table.Path}: no column '{name}'; columns are {string.Join(", ", table.Columns)}");
    }

    private static void Keep(PriorityQueue<string[], (double, long)> heap, string[] row, double key, long order, int worst)
    {
        heap.Enqueue(row, (key, -order));
        if (heap.Count > worst)
        {
            heap.Dequeue();
        }
    }

    private static List<Row> Drain(PriorityQueue<string[], (double, long)> heap, IReadOnlyList<string> columns)
    {
        var rows = new List<Row>();
        while (heap.Count > 0)
        {
            var r = heap.Dequeue();
            rows.Add(new Row(columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => r[x.i], StringComparer.Ordinal)));
        }

        rows.Reverse();
        return rows;
    }
}
