using ClusterSim.Cli.Trace;

namespace ClusterSim.Cli.Tests.Trace;

public sealed class RowFilterTests
{
    private static readonly string[] Columns = ["id", "status", "ttft_ms", "tpot_ms"];

    [Theory]
    [InlineData("ttft_ms > 100", new[] { "1", "completed", "150", "20" }, true)]
    [InlineData("ttft_ms > 100", new[] { "1", "completed", "100", "20" }, false)]
    [InlineData("ttft_ms >= 100", new[] { "1", "completed", "100", "20" }, true)]
    [InlineData("ttft_ms > 100 and tpot_ms <= 20", new[] { "1", "completed", "150", "20" }, true)]
    [InlineData("ttft_ms > 100 AND tpot_ms < 20", new[] { "1", "completed", "150", "20" }, false)]
    [InlineData("status == 'dropped'", new[] { "1", "dropped", "", "" }, true)]
    [InlineData("status != \"dropped\"", new[] { "1", "dropped", "", "" }, false)]
    [InlineData("ttft_ms < 5", new[] { "1", "dropped", "", "" }, false)]
    [InlineData("id == 1e0", new[] { "1", "completed", "1", "1" }, true)]
    [InlineData("tpot_ms != -2.5", new[] { "1", "completed", "1", "-2.5" }, false)]
    public void Matches_comparisons_joined_by_and(string expression, string[] row, bool expected) =>
        Assert.Equal(expected, RowFilter.Parse(expression, Columns).Matches(row));

    [Theory]
    [InlineData("ttfx_ms > 1", "unknown column 'ttfx_ms'")]
    [InlineData("ttft_ms = 1", "'=' is not an operator")]
    [InlineData("ttft_ms > ", "incomplete comparison")]
    [InlineData("ttft_ms > 1 or tpot_ms > 2", "expected 'and'")]
    [InlineData("status > 'x'", "text values compare with == or != only")]
    [InlineData("ttft_ms > 1x", "'1x' is not a number")]
    [InlineData("ttft_ms > 'abc", "unterminated quoted text")]
    [InlineData("", "expected a comparison")]
    public void Bad_expressions_name_the_problem_and_list_the_columns(string expression, string problem)
    {
        var error = Assert.Throws<UserErrorException>(() => RowFilter.Parse(expression, Columns));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("over the columns: id, status, ttft_ms, tpot_ms", error.Message, StringComparison.Ordinal);
    }
}
