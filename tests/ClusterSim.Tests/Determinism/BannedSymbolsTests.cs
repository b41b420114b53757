using System.Xml.Linq;
using ClusterSim.Tests.Workloads;

namespace ClusterSim.Tests.Determinism;

/// <summary>
/// Holds the build-enforced determinism rule in place (docs/architecture.md, "Habits"): the banned-API lists name
/// the symbols, and the build files feed them to the analyzer for every project. The build itself failing on a
/// banned use is the other half of the proof (RS0030 is an error under TreatWarningsAsErrors).
/// </summary>
public sealed class BannedSymbolsTests
{
    private static readonly string Root = WorkloadTestFiles.RepoRoot;

    [Theory]
    [InlineData("T:System.Random")]
    [InlineData("P:System.DateTime.Now")]
    [InlineData("P:System.DateTime.UtcNow")]
    [InlineData("P:System.DateTimeOffset.Now")]
    [InlineData("P:System.DateTimeOffset.UtcNow")]
    [InlineData("M:System.Guid.NewGuid")]
    [InlineData("P:System.Environment.TickCount")]
    [InlineData("P:System.Environment.TickCount64")]
    public void Every_project_bans_the_nondeterministic_api(string symbol)
    {
        Assert.Contains(symbol, Symbols(Path.Combine(Root, "BannedSymbols.txt")));
    }

    [Theory]
    [InlineData("M:System.Collections.Generic.Dictionary`2.GetEnumerator")]
    [InlineData("P:System.Collections.Generic.Dictionary`2.Keys")]
    [InlineData("P:System.Collections.Generic.Dictionary`2.Values")]
    [InlineData("P:System.Collections.Generic.IReadOnlyDictionary`2.Keys")]
    [InlineData("P:System.Collections.Generic.IReadOnlyDictionary`2.Values")]
    [InlineData("M:System.Collections.Generic.HashSet`1.GetEnumerator")]
    public void The_domain_bans_unordered_enumeration(string symbol)
    {
        Assert.Contains(symbol, Symbols(Path.Combine(Root, "src", "ClusterSim", "BannedSymbols.Ordering.txt")));
    }

    [Fact]
    public void Every_entry_says_why()
    {
        foreach (var file in new[] { Path.Combine(Root, "BannedSymbols.txt"), Path.Combine(Root, "src", "ClusterSim", "BannedSymbols.Ordering.txt") })
        {
            foreach (var line in Lines(file))
            {
                var reason = line.Split(';', 2) is [_, var r] ? r.Trim() : string.Empty;
                Assert.True(reason.Length > 20, $"{file}: '{line}' has no reason after ';'");
            }
        }
    }

    [Fact]
    public void The_build_feeds_the_lists_to_the_analyzer_for_every_project()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        Assert.Contains(props.Descendants("PackageReference"), e => (string?)e.Attribute("Include") == "Microsoft.CodeAnalysis.BannedApiAnalyzers");
        Assert.Contains(props.Descendants("AdditionalFiles"), e => ((string?)e.Attribute("Include"))?.EndsWith("BannedSymbols.txt", StringComparison.Ordinal) == true);
        Assert.Equal("true", props.Descendants("TreatWarningsAsErrors").Single().Value);

        var domain = XDocument.Load(Path.Combine(Root, "src", "ClusterSim", "ClusterSim.csproj"));
        Assert.Contains(domain.Descendants("AdditionalFiles"), e => (string?)e.Attribute("Include") == "BannedSymbols.Ordering.txt");

        var versions = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        Assert.Contains(versions.Descendants("PackageVersion"), e => (string?)e.Attribute("Include") == "Microsoft.CodeAnalysis.BannedApiAnalyzers" && (string?)e.Attribute("Version") == "5.6.0");
    }

    private static IEnumerable<string> Lines(string file) =>
        File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal));

    private static HashSet<string> Symbols(string file) => [.. Lines(file).Select(l => l.Split(';')[0].Trim())];
}
