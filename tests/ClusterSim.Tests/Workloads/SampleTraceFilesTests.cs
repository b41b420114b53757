using System.Globalization;
using System.Text.Json;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Traces;

namespace ClusterSim.Tests.Workloads;

public sealed class SampleTraceFilesTests
{
    [Fact]
    public void Committed_samples_match_the_generator()
    {
        var regenerate = Environment.GetEnvironmentVariable("CLUSTERSIM_REGENERATE_SAMPLES") == "1";
        foreach (var (name, content) in SampleTraceGenerator.All())
        {
            var path = WorkloadTestFiles.Sample(name);
            if (regenerate)
            {
                File.WriteAllText(path, content);
            }

            Assert.True(File.Exists(path), $"{name} is missing; run the tests with CLUSTERSIM_REGENERATE_SAMPLES=1");
            Assert.Equal(content, File.ReadAllText(path));
        }
    }

    [Theory]
    [InlineData("azure-code-2023-sample.csv")]
    [InlineData("azure-conv-2024-sample.csv")]
    public void Azure_reader_replays_every_sample_row_with_arrivals_relative_to_the_first(string name)
    {
        // Expected values from an independent parse: split on commas, DateTimeOffset for the clock.
        var rows = File.ReadAllLines(WorkloadTestFiles.Sample(name)).Skip(1).Select(l => l.Split(',')).ToList();
        var times = rows.Select(r => DateTimeOffset.Parse(r[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)).ToList();
        var expectedLastNs = (times[^1] - times[0]).Ticks * 100;

        var requests = WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(WorkloadTestFiles.Sample(name), TraceFormat.Azure)));

        Assert.Equal(SampleTraceGenerator.Rows, requests.Count);
        Assert.Equal(0, requests[0].Arrival.Nanoseconds);
        Assert.Equal(expectedLastNs, requests[^1].Arrival.Nanoseconds);
        Assert.Equal(rows.Sum(r => long.Parse(r[1], CultureInfo.InvariantCulture)), requests.Sum(r => (long)r.InputTokens));
        Assert.Equal(rows.Sum(r => long.Parse(r[2], CultureInfo.InvariantCulture)), requests.Sum(r => (long)r.OutputTokens));
        Assert.Equal(Enumerable.Range(0, requests.Count).Select(i => (long)i), requests.Select(r => r.Id));
        Assert.All(requests, r => Assert.Null(r.PrefixBlockHashes));
    }

    [Fact]
    public void BurstGpt_reader_skips_and_counts_failed_requests_with_zero_response_tokens()
    {
        var rows = File.ReadAllLines(WorkloadTestFiles.Sample("burstgpt-sample.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var ok = rows.Where(r => r[3] != "0").ToList();
        var failed = rows.Count - ok.Count;
        Assert.True(failed > 0, "the sample should contain failed requests");

        using var source = TraceRequestSource.Open(new TraceWorkloadSpec(WorkloadTestFiles.Sample("burstgpt-sample.csv"), TraceFormat.BurstGpt));
        var requests = new List<RequestArrival>();
        while (source.TryNext(out var r))
        {
            requests.Add(r);
        }

        Assert.Equal(ok.Count, requests.Count);
        Assert.Equal(failed, source.Summary.SkippedZeroOutputRows);
        Assert.Equal(0, source.Summary.SkippedBadRows);
        var firstSeconds = double.Parse(ok[0][0], CultureInfo.InvariantCulture);
        var lastSeconds = double.Parse(ok[^1][0], CultureInfo.InvariantCulture);
        Assert.Equal(0, requests[0].Arrival.Nanoseconds);
        Assert.Equal((long)((lastSeconds - firstSeconds) * 1e9), requests[^1].Arrival.Nanoseconds);
        Assert.Equal(ok.Sum(r => long.Parse(r[2], CultureInfo.InvariantCulture)), requests.Sum(r => (long)r.InputTokens));
        Assert.Equal(ok.Sum(r => long.Parse(r[3], CultureInfo.InvariantCulture)), requests.Sum(r => (long)r.OutputTokens));
    }

    [Fact]
    public void Mooncake_reader_keeps_hash_ids_as_prefix_blocks()
    {
        var docs = File.ReadAllLines(WorkloadTestFiles.Sample("mooncake-sample.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        var requests = WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(WorkloadTestFiles.Sample("mooncake-sample.jsonl"), TraceFormat.Mooncake)));

        Assert.Equal(docs.Count, requests.Count);
        var firstMs = docs[0].GetProperty("timestamp").GetInt64();
        var lastMs = docs[^1].GetProperty("timestamp").GetInt64();
        Assert.Equal(0, requests[0].Arrival.Nanoseconds);
        Assert.Equal((lastMs - firstMs) * 1_000_000, requests[^1].Arrival.Nanoseconds);
        Assert.Equal(docs.Sum(d => d.GetProperty("input_length").GetInt64()), requests.Sum(r => (long)r.InputTokens));
        Assert.Equal(docs.Sum(d => d.GetProperty("output_length").GetInt64()), requests.Sum(r => (long)r.OutputTokens));
        for (var i = 0; i < docs.Count; i++)
        {
            var expected = docs[i].GetProperty("hash_ids").EnumerateArray().Select(e => e.GetUInt64()).ToArray();
            Assert.Equal(expected, requests[i].PrefixBlockHashes);
            Assert.Equal((requests[i].InputTokens + 511) / 512, requests[i].PrefixBlockHashes!.Length);
        }
    }

    [Fact]
    public void Mooncake_sample_shares_prefix_blocks_across_requests()
    {
        var requests = WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(WorkloadTestFiles.Sample("mooncake-sample.jsonl"), TraceFormat.Mooncake)));
        var seen = new HashSet<ulong>();
        long total = 0, reused = 0;
        foreach (var r in requests)
        {
            foreach (var h in r.PrefixBlockHashes!)
            {
                total++;
                if (!seen.Add(h))
                {
                    reused++;
                }
            }
        }

        // The reference trace reuses about 37% of its blocks; the sample aims for the same order.
        var reuse = (double)reused / total;
        Assert.InRange(reuse, 0.25, 0.5);
    }

    [Theory]
    [InlineData("azure-code-2023-sample.csv", TraceFormat.Azure, 2.57, 2048)]
    [InlineData("azure-conv-2024-sample.csv", TraceFormat.Azure, 45, 1155)]
    [InlineData("mooncake-sample.jsonl", TraceFormat.Mooncake, 3.4, 12035)]
    public void Samples_have_roughly_the_reference_rate_and_input_mean(string name, TraceFormat format, double ratePerSecond, double inputMean)
    {
        var requests = WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(WorkloadTestFiles.Sample(name), format)));
        var rate = (requests.Count - 1) / requests[^1].Arrival.TotalSeconds;
        Assert.InRange(rate, ratePerSecond * 0.8, ratePerSecond * 1.25);
        Assert.InRange(requests.Average(r => r.InputTokens), inputMean * 0.75, inputMean * 1.33);
    }
}
