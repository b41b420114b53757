using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Traces;
using Xunit.Abstractions;

namespace ClusterSim.Tests.Workloads;

[Collection(NonParallelCollection.Name)]
public sealed class TraceStreamingTests(ITestOutputHelper output)
{
    private const int Rows = 200_000;

    private static string WriteLarge(TraceFormat format)
    {
        var path = WorkloadTestFiles.WriteTemp("large", string.Empty);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        var start = new DateTime(2024, 5, 10, 0, 0, 0, DateTimeKind.Unspecified);
        writer.Write(format switch
        {
            TraceFormat.Azure => "TIMESTAMP,ContextTokens,GeneratedTokens\n",
            TraceFormat.BurstGpt => "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n",
            _ => string.Empty,
        });
        for (var i = 0; i < Rows; i++)
        {
            // 45 req/s: a gap of 22,222 us; lengths vary with i so that sums are not trivial.
            var micros = i * 22_222L;
            var input = 100 + (i % 4000);
            var outputTokens = 1 + (i % 300);
            switch (format)
            {
                case TraceFormat.Azure:
                    writer.Write(start.AddTicks(micros * 10).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                    writer.Write("+00:00,");
                    writer.Write(input.ToString(CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.Write(outputTokens.ToString(CultureInfo.InvariantCulture));
                    writer.Write('\n');
                    break;
                case TraceFormat.BurstGpt:
                    writer.Write((micros / 1e6).ToString("0.######", CultureInfo.InvariantCulture));
                    writer.Write(",ChatGPT,");
                    writer.Write(input.ToString(CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.Write(outputTokens.ToString(CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.Write((input + outputTokens).ToString(CultureInfo.InvariantCulture));
                    writer.Write(",Conversation log\n");
                    break;
                default:
                    writer.Write("{\"timestamp\": ");
                    writer.Write((micros / 1000).ToString(CultureInfo.InvariantCulture));
                    writer.Write(", \"input_length\": ");
                    writer.Write(input.ToString(CultureInfo.InvariantCulture));
                    writer.Write(", \"output_length\": ");
                    writer.Write(outputTokens.ToString(CultureInfo.InvariantCulture));
                    writer.Write(", \"hash_ids\": [");
                    var blocks = (input + 511) / 512;
                    for (var b = 0; b < blocks; b++)
                    {
                        writer.Write(b == 0 ? string.Empty : ", ");
                        writer.Write((b < 2 ? b : i * 8 + b).ToString(CultureInfo.InvariantCulture));
                    }

                    writer.Write("]}\n");
                    break;
            }
        }

        return path;
    }

    [Fact]
    public void Azure_reader_streams_200k_rows_in_bounded_memory()
    {
        var path = WriteLarge(TraceFormat.Azure);
        try
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            using var source = TraceRequestSource.Open(new TraceWorkloadSpec(path, TraceFormat.Azure));
            long count = 0, inputSum = 0;
            long peakRetained = 0;
            while (source.TryNext(out var r))
            {
                count++;
                inputSum += r.InputTokens;
                if (count % 50_000 == 0)
                {
                    peakRetained = Math.Max(peakRetained, GC.GetTotalMemory(forceFullCollection: true) - before);
                }
            }

            // Σ (100 + i mod 4000) over i < 200,000 = 200,000 · 100 + 50 · Σ_{j<4000} j = 20,000,000 + 50 · 7,998,000.
            Assert.Equal(Rows, count);
            Assert.Equal(20_000_000L + 50L * 7_998_000, inputSum);

            // The file is about 9 MB; holding it would show. Buffers and the reader are well under 1 MB.
            Assert.True(peakRetained < 1_000_000, $"retained {peakRetained} bytes while streaming");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(TraceFormat.Azure)]
    [InlineData(TraceFormat.BurstGpt)]
    [InlineData(TraceFormat.Mooncake)]
    public void Reader_replays_200k_rows_fast(TraceFormat format)
    {
        var path = WriteLarge(format);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            using var source = TraceRequestSource.Open(new TraceWorkloadSpec(path, format));
            long count = 0;
            RequestArrival last = default;
            while (source.TryNext(out var r))
            {
                count++;
                last = r;
            }

            stopwatch.Stop();
            var rowsPerSecond = count / stopwatch.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{format}: {count} rows in {stopwatch.Elapsed.TotalMilliseconds:0} ms = {rowsPerSecond:0} rows/s ({new FileInfo(path).Length / 1e6:0.0} MB)"));

            Assert.Equal(Rows, count);

            // Last row i = 199,999 at 199,999 · 22,222 us (Mooncake keeps whole milliseconds).
            var expectedMicros = 199_999L * 22_222;
            Assert.Equal(format == TraceFormat.Mooncake ? expectedMicros / 1000 * 1_000_000 : expectedMicros * 1000, last.Arrival.Nanoseconds);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
