using ClusterSim.Engine.Random;
using ClusterSim.Scenarios;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Traces;
using FsCheck.Xunit;
using ClusterSim.Input;

namespace ClusterSim.Tests.Workloads;

public sealed class TraceFuzzProperties
{
    private static readonly (string Name, TraceFormat Format)[] Samples =
    [
        ("azure-code-2023-sample.csv", TraceFormat.Azure),
        ("azure-conv-2024-sample.csv", TraceFormat.Azure),
        ("burstgpt-sample.csv", TraceFormat.BurstGpt),
        ("mooncake-sample.jsonl", TraceFormat.Mooncake),
    ];

    // Bytes that matter to the parsers are over-represented so mutations hit structure, not only digits.
    private static readonly byte[] Interesting = "\n\r,\"{}[]:.-+0123456789eE \t\0"u8.ToArray();

    private static byte[] Mutate(byte[] original, ulong seed, int mutations)
    {
        var random = new RandomStream(seed);
        var bytes = new List<byte>(original);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.NextInt(bytes.Count);
            var value = random.NextDouble() < 0.5 ? Interesting[random.NextInt(Interesting.Length)] : (byte)random.NextInt(256);
            switch (random.NextInt(4))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    // Truncate: the most common real corruption of a downloaded trace.
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    [Property(MaxTest = 150)]
    public bool Mutated_samples_either_read_or_fail_with_one_clear_line(ulong seed, byte mutationCount)
    {
        var (name, format) = Samples[(int)(seed % (ulong)Samples.Length)];
        var mutated = Mutate(File.ReadAllBytes(WorkloadTestFiles.Sample(name)), seed, 1 + mutationCount % 12);
        var path = WorkloadTestFiles.WriteTemp(name, string.Empty);
        File.WriteAllBytes(path, mutated);
        try
        {
            foreach (var policy in new[] { BadRowPolicy.Fail, BadRowPolicy.Skip })
            {
                var task = Task.Run(() =>
                {
                    try
                    {
                        var requests = WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(path, format) { OnBadRow = policy }));
                        for (var i = 1; i < requests.Count; i++)
                        {
                            if (requests[i].Arrival < requests[i - 1].Arrival || requests[i].InputTokens < 1 || requests[i].OutputTokens < 1)
                            {
                                return false;
                            }
                        }

                        return true;
                    }
                    catch (InputException e)
                    {
                        return !e.Message.Contains('\n', StringComparison.Ordinal) && e.Message.StartsWith(path, StringComparison.Ordinal);
                    }
                });
                if (!task.Wait(TimeSpan.FromSeconds(10)) || !task.Result)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
