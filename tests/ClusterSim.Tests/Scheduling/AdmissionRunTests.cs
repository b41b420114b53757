using System.Text.Json;
using ClusterSim.Regression;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.Admission;

namespace ClusterSim.Tests.Scheduling;

public sealed class AdmissionRunTests
{
    private static readonly RegressionSuite Suite = RegressionSuite.Of(TestCatalog.Repository);

    [Fact]
    public void Token_bucket_admits_its_burst_plus_rate_times_duration_and_drops_the_rest_with_the_reason()
    {
        var scenario = RegressionRunner.LoadScenario(Suite.Cases.Single(c => c.Name == "llama-70b-h100-tp8.decode-first"));
        var limited = scenario with { Scheduler = scenario.Scheduler with { Admission = new AdmissionSettings("token-bucket", 0, 5, 5) } };

        var output = RegressionRunner.Run(limited, TestCatalog.Repository);

        using var summary = JsonDocument.Parse(output.BaselineJson);
        var requests = summary.RootElement.GetProperty("requests");
        var arrived = requests.GetProperty("arrived").GetInt64();
        var completed = requests.GetProperty("completed").GetInt64();
        var rejected = requests.GetProperty("dropped_by_reason").GetProperty("rejected at admission: rate limit (token bucket 5/s, burst 5)").GetInt64();
        // Arrivals at 16/s for 30 s find a token almost as soon as one refills: admitted ≈ burst + rate × 30 s =
        // 5 + 150 = 155 at most, and not much fewer (a token waits on average 1/16 s for the next arrival).
        Assert.InRange(arrived - rejected, 140, 155);
        // Conservation: every arrival completed or was dropped with a reason.
        Assert.Equal(arrived, completed + requests.GetProperty("dropped").GetInt64());
        var rows = RequestsCsv.Read(new StringReader(output.RequestsCsv), "requests.csv");
        Assert.Equal(arrived, rows.Count);
        Assert.Equal(rejected, rows.Values.Count(r => r.DropReason.StartsWith("rejected at admission", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(RegressionSuiteTests.Cases), MemberType = typeof(RegressionSuiteTests))]
    public void Every_regression_case_conserves_requests(string name)
    {
        using var baseline = JsonDocument.Parse(File.ReadAllText(Suite.BaselineFile(Suite.Cases.Single(c => c.Name == name))));
        var requests = baseline.RootElement.GetProperty("requests");
        var byReason = requests.GetProperty("dropped_by_reason").EnumerateObject().Sum(p => p.Value.GetInt64());

        Assert.Equal(requests.GetProperty("arrived").GetInt64(), requests.GetProperty("completed").GetInt64() + requests.GetProperty("dropped").GetInt64());
        Assert.Equal(requests.GetProperty("dropped").GetInt64(), byReason);
    }
}
