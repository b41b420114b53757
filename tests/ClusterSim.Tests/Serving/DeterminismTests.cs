using System.Text;
using ClusterSim.Runs;

namespace ClusterSim.Tests.Serving;

public sealed class DeterminismTests
{
    [Fact]
    public void Same_seed_gives_byte_identical_requests_csv_and_summary_apart_from_wall_clock_figures()
    {
        var first = TestScenarios.RunWithCsv(TestScenarios.Parse(TestScenarios.DeepSeekSmall()));
        var second = TestScenarios.RunWithCsv(TestScenarios.Parse(TestScenarios.DeepSeekSmall()));
        Assert.Equal(first.Csv, second.Csv);
        Assert.Equal(WithoutSimulationBlock(first.Result), WithoutSimulationBlock(second.Result));
    }

    [Fact]
    public void A_different_seed_gives_a_different_run()
    {
        var first = TestScenarios.RunWithCsv(TestScenarios.Parse(TestScenarios.DeepSeekSmall()));
        var other = TestScenarios.RunWithCsv(TestScenarios.Parse(TestScenarios.DeepSeekSmall(), new ClusterSim.Scenarios.ScenarioOverride("seed", "12")));
        Assert.NotEqual(first.Csv, other.Csv);
    }

    internal static string WithoutSimulationBlock(RunResult result)
    {
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, result);
        var node = System.Text.Json.Nodes.JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!.AsObject();
        // The simulation block holds measurements of the run (wall time, memory), not results.
        Assert.True(node.Remove("simulation"));
        return node.ToJsonString();
    }
}
