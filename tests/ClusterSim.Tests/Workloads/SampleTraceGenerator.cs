using System.Globalization;
using System.Text;
using ClusterSim.Engine.Random;

namespace ClusterSim.Tests.Workloads;

/// <summary>
/// Writes the small sample traces under scenarios/workloads/ in the published formats, with statistics roughly
/// like the reference table (docs/workloads.md). Deterministic: the committed files are its output, and
/// <see cref="SampleTraceFilesTests"/> regenerates them when CLUSTERSIM_REGENERATE_SAMPLES=1.
/// </summary>
internal static class SampleTraceGenerator
{
    public const int Rows = 300;

    public static IReadOnlyDictionary<string, string> All() => new Dictionary<string, string>
    {
        ["azure-code-2023-sample.csv"] = AzureCode2023(),
        ["azure-conv-2024-sample.csv"] = AzureConv2024(),
        ["burstgpt-sample.csv"] = BurstGpt(),
        ["mooncake-sample.jsonl"] = Mooncake(),
    };

    /// <summary>Azure code 2023: 2.57 req/s Poisson; input mean 2048 / median 1469; output mean 28 / median 13.</summary>
    public static string AzureCode2023()
    {
        var random = new RandomStream(2023_11_16);
        var sb = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n");
        var ticks = new DateTime(2023, 11, 16, 18, 15, 46, DateTimeKind.Unspecified).Ticks + 6_805_900;
        for (var i = 0; i < Rows; i++)
        {
            // sigma = sqrt(2 ln(mean / median)) for a log-normal.
            var input = LogNormal(random, 1469, Math.Sqrt(2 * Math.Log(2048.0 / 1469)), 3, 7437);
            var output = LogNormal(random, 13, Math.Sqrt(2 * Math.Log(28.0 / 13)), 1, 1899);
            sb.Append(new DateTime(ticks).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture))
                .Append(',').Append(input.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(output.ToString(CultureInfo.InvariantCulture)).Append('\n');
            ticks += (long)Math.Round(random.Exponential(2.57) * TimeSpan.TicksPerSecond);
        }

        return sb.ToString();
    }

    /// <summary>Azure conversation 2024: ~45 req/s Poisson; input mean 1155 / median 1020; output mean 211 / median 129.</summary>
    public static string AzureConv2024()
    {
        var random = new RandomStream(2024_05_10);
        var sb = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n");
        var ticks = new DateTime(2024, 5, 10, 0, 0, 0, DateTimeKind.Unspecified).Ticks + 99_300;
        for (var i = 0; i < Rows; i++)
        {
            var input = LogNormal(random, 1020, Math.Sqrt(2 * Math.Log(1155.0 / 1020)), 2, 16000);
            var output = LogNormal(random, 129, Math.Sqrt(2 * Math.Log(211.0 / 129)), 1, 4000);
            sb.Append(new DateTime(ticks).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append("+00:00")
                .Append(',').Append(input.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(output.ToString(CultureInfo.InvariantCulture)).Append('\n');

            // Whole microseconds, as the published 2024 files print six fraction digits.
            ticks += (long)Math.Round(random.Exponential(45) * 1e6) * 10;
        }

        return sb.ToString();
    }

    /// <summary>BurstGPT: bursty Gamma arrivals (cv 3) in whole seconds, Zipf-like lengths, about 5% failed requests.</summary>
    public static string BurstGpt()
    {
        var random = new RandomStream(2024_01_01);
        var requestLengths = ZipfTable(8192, 0.8);
        var responseLengths = ZipfTable(2048, 0.9);
        var sb = new StringBuilder("Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n");
        double seconds = 5;
        for (var i = 0; i < Rows; i++)
        {
            var model = random.NextDouble() < 0.8 ? "ChatGPT" : "GPT-4";
            var request = Zipf(random, requestLengths);
            var response = random.NextDouble() < 0.05 ? 0 : Zipf(random, responseLengths);
            var logType = random.NextDouble() < 0.7 ? "Conversation log" : "API log";
            sb.Append(Math.Floor(seconds).ToString(CultureInfo.InvariantCulture)).Append(',').Append(model)
                .Append(',').Append(request.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(response.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append((request + response).ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(logType).Append('\n');

            // Gamma gaps with cv 3: shape 1/9, scale 1/(rate * shape) at 0.5 req/s.
            seconds += random.Gamma(1.0 / 9, 1 / (0.5 / 9));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Mooncake conversation: 3.4 req/s, input mean ~12,000, output mean ~340; hash_ids of 512-token blocks where
    /// requests of one conversation share a growing prefix, so that roughly a third of all blocks repeat.
    /// </summary>
    public static string Mooncake()
    {
        var random = new RandomStream(2025_02_25);
        var sb = new StringBuilder();
        ulong nextBlock = 0;
        var sessions = new List<List<ulong>>();
        double ms = 0;
        for (var i = 0; i < Rows; i++)
        {
            var input = LogNormal(random, 12035 * Math.Exp(-0.9 * 0.9 / 2), 0.9, 64, 126_000);
            var output = LogNormal(random, 343 * Math.Exp(-1.0 / 2), 1.0, 1, 4096);
            var blocks = (input + 511) / 512;
            var hashes = new List<ulong>(blocks);

            // Follow-up turn of an earlier conversation: reuse part of its blocks as a prefix.
            if (sessions.Count > 0 && random.NextDouble() < 0.85)
            {
                var session = sessions[random.NextInt(sessions.Count)];
                var shared = Math.Min(blocks, random.NextInt(Math.Max(1, session.Count / 2), session.Count));
                hashes.AddRange(session.Take(shared));
            }

            while (hashes.Count < blocks)
            {
                hashes.Add(nextBlock++);
            }

            sessions.Add(hashes);
            sb.Append("{\"timestamp\": ").Append(((long)ms).ToString(CultureInfo.InvariantCulture))
                .Append(", \"input_length\": ").Append(input.ToString(CultureInfo.InvariantCulture))
                .Append(", \"output_length\": ").Append(output.ToString(CultureInfo.InvariantCulture))
                .Append(", \"hash_ids\": [").AppendJoin(", ", hashes.Select(h => h.ToString(CultureInfo.InvariantCulture))).Append("]}\n");
            ms += random.Exponential(3.4) * 1000;
        }

        return sb.ToString();
    }

    private static int LogNormal(RandomStream random, double median, double sigma, int min, int max) =>
        (int)Math.Clamp(Math.Round(random.LogNormal(Math.Log(median), sigma)), min, max);

    private static double[] ZipfTable(int max, double exponent)
    {
        var cumulative = new double[max];
        double sum = 0;
        for (var k = 1; k <= max; k++)
        {
            sum += Math.Pow(k, -exponent);
            cumulative[k - 1] = sum;
        }

        return cumulative;
    }

    private static int Zipf(RandomStream random, double[] cumulative)
    {
        var u = random.NextDouble() * cumulative[^1];
        var i = 0;
        while (cumulative[i] <= u)
        {
            i++;
        }

        return i + 1;
    }
}
