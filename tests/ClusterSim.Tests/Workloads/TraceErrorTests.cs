using ClusterSim.Scenarios;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Traces;
using ClusterSim.Input;

namespace ClusterSim.Tests.Workloads;

public sealed class TraceErrorTests
{
    private const string AzureHeader = "TIMESTAMP,ContextTokens,GeneratedTokens\n";

    private static InputException Fails(string path, TraceFormat format, BadRowPolicy policy = BadRowPolicy.Fail)
    {
        var e = Assert.Throws<InputException>(() => WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(path, format) { OnBadRow = policy })));
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        return e;
    }

    private static string Azure(params string[] rows) => WorkloadTestFiles.WriteTemp("trace.csv", AzureHeader + string.Join('\n', rows) + "\n");

    [Fact]
    public void Missing_file_names_the_file()
    {
        var e = Fails("/nonexistent/dir/trace.csv", TraceFormat.Azure);
        Assert.Contains("trace file not found", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TraceFormat.Azure)]
    [InlineData(TraceFormat.BurstGpt)]
    [InlineData(TraceFormat.Mooncake)]
    public void Empty_file_says_it_is_empty(TraceFormat format)
    {
        var e = Fails(WorkloadTestFiles.WriteTemp("empty", "\n \n"), format);
        Assert.Contains("the file is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_without_rows_holds_no_usable_request()
    {
        var e = Fails(Azure(), TraceFormat.Azure);
        Assert.Contains("no usable request", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_column_names_it_and_the_expected_header()
    {
        var path = WorkloadTestFiles.WriteTemp("t.csv", "TIMESTAMP,Context,GeneratedTokens\n2023-11-16 18:17:03,1,1\n");
        var e = Fails(path, TraceFormat.Azure);
        Assert.Equal("column 'ContextTokens'", e.KeyPath);
        Assert.Contains("expected header 'TIMESTAMP,ContextTokens,GeneratedTokens'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BurstGpt_missing_column_names_the_burstgpt_header()
    {
        var path = WorkloadTestFiles.WriteTemp("b.csv", "Timestamp,Model,Request tokens,Total tokens\n1,ChatGPT,1,2\n");
        var e = Fails(path, TraceFormat.BurstGpt);
        Assert.Equal("column 'Response tokens'", e.KeyPath);
        Assert.Contains("Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_row_names_its_line_number_and_column()
    {
        // Line 1 is the header, so the third data row is row 4.
        var e = Fails(Azure("2023-11-16 18:17:03.1,10,5", "2023-11-16 18:17:04.1,11,6", "2023-11-16 18:17:05.1,lots,6"), TraceFormat.Azure);
        Assert.Equal("row 4", e.KeyPath);
        Assert.Contains("column 'ContextTokens': 'lots' is not an integer token count", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_timestamp_row_says_what_format_is_expected()
    {
        var e = Fails(Azure("yesterday,10,5"), TraceFormat.Azure);
        Assert.Equal("row 2", e.KeyPath);
        Assert.Contains("expected 'yyyy-MM-dd HH:mm:ss[.fffffff][+hh:mm]'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_fields_is_a_bad_row()
    {
        var e = Fails(Azure("2023-11-16 18:17:03.1,10"), TraceFormat.Azure);
        Assert.Equal("row 2", e.KeyPath);
        Assert.Contains("has 2 fields", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsorted_timestamps_name_the_row_that_goes_back()
    {
        var e = Fails(Azure("2023-11-16 18:17:03.1,10,5", "2023-11-16 18:17:05.1,10,5", "2023-11-16 18:17:04.1,10,5"), TraceFormat.Azure);
        Assert.Equal("row 4", e.KeyPath);
        Assert.Contains("1 s earlier than the previous request's; rows must be sorted by time", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_input_tokens_is_a_bad_row()
    {
        var e = Fails(Azure("2023-11-16 18:17:03.1,0,5"), TraceFormat.Azure);
        Assert.Contains("column 'ContextTokens' is 0; must be an integer >= 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_policy_skips_counts_and_remembers_the_first_bad_row()
    {
        var path = Azure("2023-11-16 18:17:03.1,10,5", "garbage", "2023-11-16 18:17:05.1,10,5", "2023-11-16 18:17:04.1,10,5", "2023-11-16 18:17:06.1,10,5");
        using var source = TraceRequestSource.Open(new TraceWorkloadSpec(path, TraceFormat.Azure) { OnBadRow = BadRowPolicy.Skip });
        var requests = new List<RequestArrival>();
        while (source.TryNext(out var r))
        {
            requests.Add(r);
        }

        Assert.Equal(3, requests.Count);
        Assert.Equal(3_000_000_000, requests[^1].Arrival.Nanoseconds);
        Assert.Equal(2, source.Summary.SkippedBadRows);
        Assert.Equal(3, source.Summary.FirstBadRow);
        Assert.Contains("fields", source.Summary.FirstBadRowProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_policy_with_only_bad_rows_reports_the_first_one()
    {
        var e = Fails(Azure("x,1,1", "y,1,1"), TraceFormat.Azure, BadRowPolicy.Skip);
        Assert.Contains("no usable request; skipped 2 bad rows, the first at row 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mooncake_invalid_json_names_the_row()
    {
        var path = WorkloadTestFiles.WriteTemp("m.jsonl", "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 2}\n{\"timestamp\": 5, \"input_len\n");
        var e = Fails(path, TraceFormat.Mooncake);
        Assert.Equal("row 2", e.KeyPath);
        Assert.Contains("is not a valid JSON object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mooncake_missing_field_is_named()
    {
        var path = WorkloadTestFiles.WriteTemp("m.jsonl", "{\"timestamp\": 0, \"output_length\": 2}\n");
        Assert.Contains("'input_length' is missing", Fails(path, TraceFormat.Mooncake).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mooncake_hash_ids_must_cover_every_512_token_block()
    {
        // 1025 tokens need ceil(1025 / 512) = 3 blocks.
        var path = WorkloadTestFiles.WriteTemp("m.jsonl", "{\"timestamp\": 0, \"input_length\": 1025, \"output_length\": 2, \"hash_ids\": [1, 2]}\n");
        var e = Fails(path, TraceFormat.Mooncake);
        Assert.Contains("'hash_ids' has 2 entries; expected ceil(input_length / 512) = 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mooncake_without_hash_ids_gives_null_prefix_blocks_and_ignores_unknown_fields()
    {
        var path = WorkloadTestFiles.WriteTemp("m.jsonl", "{\"timestamp\": 10, \"input_length\": 10, \"output_length\": 2, \"session\": {\"id\": [1]}}\n{\"timestamp\": 12.5, \"input_length\": 3, \"output_length\": 1}\n");
        var requests = WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(path, TraceFormat.Mooncake)));
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].PrefixBlockHashes);
        Assert.Equal(2_500_000, requests[1].Arrival.Nanoseconds);
    }

    [Fact]
    public void Rate_per_s_on_a_single_request_trace_cannot_rescale()
    {
        var e = Assert.Throws<InputException>(() => TraceRequestSource.Open(new TraceWorkloadSpec(Azure("2023-11-16 18:17:03.1,10,5"), TraceFormat.Azure) { RatePerSecond = 5 }));
        Assert.Contains("cannot rescale to rate_per_s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empirical_lengths_file_with_garbage_names_the_row()
    {
        var path = WorkloadTestFiles.WriteTemp("lengths.txt", "100\n200\nabc\n");
        var spec = SyntheticSpecs.ConstantWithLengths(LengthDistributionSpec.FromEmpirical(new EmpiricalLengthsSpec(path)), LengthDistributionSpec.Fixed(1), 10);
        var e = Assert.Throws<InputException>(() => ClusterSim.Workloads.Synthetic.SyntheticRequestSource.Create(spec, 1));
        Assert.Equal($"{path}: row 3: 'abc' is not a token count; expected one integer >= 1 per line", e.Message);
    }

    [Fact]
    public void Quoted_csv_fields_are_tolerated()
    {
        var path = WorkloadTestFiles.WriteTemp("b.csv", "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n\"1\",\"Chat, GPT\",\"10\",\"5\",15,\"API log\"\n");
        var requests = WorkloadTestFiles.ReadAll(TraceRequestSource.Open(new TraceWorkloadSpec(path, TraceFormat.BurstGpt)));
        Assert.Equal(10, Assert.Single(requests).InputTokens);
    }
}
