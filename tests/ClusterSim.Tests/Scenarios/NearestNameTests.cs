using ClusterSim.Input;

namespace ClusterSim.Tests.Scenarios;

public sealed class NearestNameTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("bandwith", "bandwidth", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void Levenshtein_counts_single_character_edits(string a, string b, int distance)
    {
        Assert.Equal(distance, NearestName.Levenshtein(a, b));
    }

    [Fact]
    public void Suggest_picks_the_closest_candidate_ignoring_case()
    {
        Assert.Equal("bandwidth", NearestName.Suggest("Bandwith", ["capacity", "bandwidth"]));
    }

    [Fact]
    public void Suggest_returns_null_when_nothing_is_close()
    {
        Assert.Null(NearestName.Suggest("colour", ["name", "vendor", "hbm"]));
        Assert.Equal(string.Empty, NearestName.DidYouMean("colour", ["name"]));
    }
}
