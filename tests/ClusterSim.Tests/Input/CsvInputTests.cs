using ClusterSim.Input;
using ClusterSim.Tests.Workloads;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Traces;

namespace ClusterSim.Tests.Input;

/// <summary>The one CSV reading path: quoting, blank rows and row numbers as the readers' messages need them.</summary>
public sealed class CsvInputTests
{
    [Fact]
    public void A_line_splits_with_rfc_4180_quoting()
    {
        Assert.Equal(["1", "a, b", "say \"hi\"", ""], CsvInput.SplitLine("1,\"a, b\",\"say \"\"hi\"\"\","));
    }

    [Fact]
    public void Trace_rows_keep_their_physical_line_numbers_across_blank_lines()
    {
        var path = WorkloadTestFiles.WriteTemp("t.csv", "\nTIMESTAMP,ContextTokens,GeneratedTokens\n   \n2023-11-16 18:17:03.1,10,5\n\n2023-11-16 18:17:04.1,x,5\n");
        using var reader = new AzureTraceReader(path, path);
        Assert.Equal(RowOutcome.Request, reader.Read(out var first));
        Assert.Equal(4, first.Row);
        Assert.Equal(RowOutcome.BadRow, reader.Read(out _));
        Assert.Equal(6, reader.Row);
        Assert.Equal("column 'ContextTokens': 'x' is not an integer token count", reader.Problem);
        Assert.Equal(RowOutcome.End, reader.Read(out _));
    }

    [Fact]
    public void A_stray_quote_in_a_trace_spoils_one_row_not_the_rest_of_the_file()
    {
        var path = WorkloadTestFiles.WriteTemp("t.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.1,\"10,5\n2023-11-16 18:17:04.1,11,6\n");
        var requests = new List<RequestArrival>();
        using (var source = TraceRequestSource.Open(new TraceWorkloadSpec(path, TraceFormat.Azure) { OnBadRow = BadRowPolicy.Skip }))
        {
            while (source.TryNext(out var request))
            {
                requests.Add(request);
            }
        }

        Assert.Equal(11, Assert.Single(requests).InputTokens);
    }
}
