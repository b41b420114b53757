using System.Text;
using ClusterSim.Engine.Random;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Input;
using ClusterSim.Tests.Workloads;
using FsCheck.Xunit;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// Random mutations of scenarios/default.yaml must either read and resolve, or fail with one line naming the file:
/// never another exception type, never a hang.
/// </summary>
public sealed class ScenarioFuzzProperties
{
    private const string FileName = "fuzzed.yaml";

    // Characters that matter to YAML and to the unit parser are over-represented so mutations hit structure.
    private static readonly char[] Interesting = ":-{}[],#'\"\n \t0123456789.e%&*!|>".ToCharArray();

    private static readonly string[] Replacements =
    [
        "0", "-1", "1e400", "NaN", "abc", "900 GBs", "3 mins", "[1, 2]", "{ a: 1 }", "~", "''", "2147483648", "0.5", "true",
    ];

    private static string Original => File.ReadAllText(Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios", "default.yaml"));

    private static string ScenariosDirectory => Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios");

    /// <summary>Applies <paramref name="mutations"/> random edits: character flips, deleted lines, swapped or replaced values.</summary>
    public static string Mutate(string original, ulong seed, int mutations)
    {
        var random = new RandomStream(seed);
        var lines = original.Split('\n').ToList();
        for (var m = 0; m < mutations && lines.Count > 0; m++)
        {
            var at = random.NextInt(lines.Count);
            switch (random.NextInt(5))
            {
                case 0:
                    lines[at] = FlipCharacter(lines[at], random);
                    break;
                case 1:
                    lines.RemoveAt(at);
                    break;
                case 2:
                    SwapValues(lines, at, random.NextInt(lines.Count));
                    break;
                case 3:
                    lines[at] = ReplaceValue(lines[at], Replacements[random.NextInt(Replacements.Length)]);
                    break;
                default:
                    // Duplicate a line: repeated keys and shifted indentation.
                    lines.Insert(random.NextInt(lines.Count + 1), lines[at]);
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    [Property(MaxTest = 300)]
    public bool Mutated_default_scenario_reads_or_fails_with_one_line_naming_the_file(ulong seed, byte mutationCount)
    {
        var text = Mutate(Original, seed, 1 + (mutationCount % 6));
        var task = Task.Run(() => Outcome(text));
        return task.Wait(TimeSpan.FromSeconds(10)) && task.Result;
    }

    [Property(MaxTest = 200)]
    public bool Random_bytes_in_the_default_scenario_fail_cleanly(ulong seed, byte byteCount)
    {
        var random = new RandomStream(seed);
        var bytes = Encoding.UTF8.GetBytes(Original);
        for (var i = 0; i < 1 + (byteCount % 8); i++)
        {
            bytes[random.NextInt(bytes.Length)] = (byte)random.NextInt(256);
        }

        var text = Encoding.UTF8.GetString(bytes);
        var task = Task.Run(() => Outcome(text));
        return task.Wait(TimeSpan.FromSeconds(10)) && task.Result;
    }

    [Property(MaxTest = 200)]
    public bool Extreme_override_of_any_key_reads_or_fails_with_one_line(ulong seed)
    {
        var random = new RandomStream(seed);
        var paths = KeyPaths(YamlFile.Parse(FileName, Original).Node, string.Empty).ToList();
        var overrides = Enumerable.Range(0, 1 + random.NextInt(2))
            .Select(_ => new ScenarioOverride(paths[random.NextInt(paths.Count)], ExtremeValues[random.NextInt(ExtremeValues.Length)]))
            .ToList();
        var task = Task.Run(() => Outcome(Original, overrides));
        return task.Wait(TimeSpan.FromSeconds(10)) && task.Result;
    }

    // Boundary values of every type the reader parses; none is in the range that would legitimately take long
    // (a cluster of 2^20 accelerators resolves in about ten seconds).
    private static readonly string[] ExtremeValues =
    [
        "0", "-1", "1", "2", "3", "2147483647", "-2147483648", "2147483648", "1000000", "1e308", "-1e308", "1e-300", "NaN",
        "Infinity", "0.0000001", "", " ", "true", "18446744073709551616", "1 ns", "0 s", "-1 s", "9999999 h", "1.5 ms", "fp4",
        "direct", "disaggregated", "layer", "gamma", "empirical", "zipf",
    ];

    private static IEnumerable<string> KeyPaths(YamlDotNet.RepresentationModel.YamlMappingNode node, string prefix)
    {
        foreach (var (key, value) in node.Children)
        {
            var path = prefix.Length == 0 ? key.ToString() : prefix + "." + key;
            if (value is YamlDotNet.RepresentationModel.YamlMappingNode child)
            {
                foreach (var inner in KeyPaths(child, path))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static bool Outcome(string text, IReadOnlyList<ScenarioOverride>? overrides = null)
    {
        try
        {
            var scenario = ScenarioReader.Parse(FileName, text, ScenariosDirectory, overrides);
            scenario.Plan();
            // What `clustersim validate` does last: open the workload and draw its first request.
            using var source = ClusterSim.Workloads.RequestSources.Open(scenario.Workload, scenario.Seed, scenario.WorkloadBaseDirectory);
            source.TryNext(out _);
            return true;
        }
        catch (InputException e)
        {
            return e.Message.StartsWith(FileName + ": ", StringComparison.Ordinal)
                && !e.Message.Contains('\n', StringComparison.Ordinal)
                && !e.Message.Contains('\r', StringComparison.Ordinal);
        }
    }

    private static string FlipCharacter(string line, RandomStream random)
    {
        if (line.Length == 0)
        {
            return Interesting[random.NextInt(Interesting.Length)].ToString();
        }

        var chars = line.ToCharArray();
        chars[random.NextInt(chars.Length)] = Interesting[random.NextInt(Interesting.Length)];
        return new string(chars);
    }

    private static string ReplaceValue(string line, string value)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? line : line[..(colon + 1)] + " " + value;
    }

    private static void SwapValues(List<string> lines, int a, int b)
    {
        var ca = lines[a].IndexOf(':', StringComparison.Ordinal);
        var cb = lines[b].IndexOf(':', StringComparison.Ordinal);
        if (ca < 0 || cb < 0)
        {
            return;
        }

        (lines[a], lines[b]) = (lines[a][..(ca + 1)] + lines[b][(cb + 1)..], lines[b][..(cb + 1)] + lines[a][(ca + 1)..]);
    }
}
