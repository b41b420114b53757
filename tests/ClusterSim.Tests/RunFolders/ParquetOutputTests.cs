using System.Globalization;
using ClusterSim.Input;
using ClusterSim.RunFolders;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;
using ClusterSim.Tests.Telemetry;
using CsvHelper;
using Microsoft.Extensions.Logging.Abstractions;
using Parquet.Schema;

namespace ClusterSim.Tests.RunFolders;

/// <summary>
/// outputs.format: parquet. The Parquet tables are read back with Parquet.Net and compared cell by cell with the CSV
/// tables of the same scenario and seed: every double must equal, bit for bit, what the CSV text parses to (the writer
/// rounds as the CSV does), every integer and string must equal the text, and an empty CSV cell must be a null.
/// </summary>
public sealed class ParquetOutputTests
{
    private static readonly ScenarioOverride Parquet = new("outputs.format", "parquet");

    // Two instances (so timeseries has instance rows beside the pool rows' null instance) and a token bucket that
    // drops some arrivals (so drop_reason, and the empty latencies of a dropped request, are compared too).
    private static readonly ScenarioOverride[] EveryKindOfCell =
    [
        new("cluster.nodes", "4"),
        new("deployment.serving.instances", "2"),
        new("scheduler.admission.kind", "token-bucket"),
        new("scheduler.admission.rate_per_s", "20"),
        new("scheduler.admission.burst", "5"),
    ];

    [Fact]
    public void A_parquet_run_folder_holds_the_csv_runs_tables_value_for_value()
    {
        var csv = RunToMemory(ShortRun.Scenario(6, EveryKindOfCell));
        var parquet = RunToMemory(ShortRun.Scenario(6, [.. EveryKindOfCell, Parquet]));

        Assert.False(parquet.Contains(RunFolderLayout.Requests));
        Assert.False(parquet.Contains(RunFolderLayout.Timeseries));
        Assert.True(parquet.Contains(RunFolderLayout.Summary));
        var requests = AssertSameTable(csv.ReadText(RunFolderLayout.Requests), parquet.ReadBytes(RunFolderLayout.RequestsParquet));
        var timeseries = AssertSameTable(csv.ReadText(RunFolderLayout.Timeseries), parquet.ReadBytes(RunFolderLayout.TimeseriesParquet));
        Assert.True(requests > 100, $"{requests} requests: the comparison must cover a real run");
        Assert.True(timeseries > 100, $"{timeseries} timeseries rows");

        // The comparison saw every kind of cell: dropped requests with a reason, and both kinds of timeseries row.
        var (requestFields, requestColumns, _) = ParquetTableReader.Read(parquet.ReadBytes(RunFolderLayout.RequestsParquet));
        var reasons = requestColumns[Array.FindIndex([.. requestFields], f => f.Name == "drop_reason")];
        Assert.Contains(reasons, r => r is string { Length: > 0 });
        Assert.Contains(reasons, r => r is null);
        var (_, timeseriesColumns, _) = ParquetTableReader.Read(parquet.ReadBytes(RunFolderLayout.TimeseriesParquet));
        var instances = timeseriesColumns[Array.IndexOf(TimeseriesWriter.Columns, "instance")];
        Assert.Contains(instances, i => i is 1L);
        Assert.Contains(instances, i => i is null);
    }

    [Fact]
    public void Tables_of_many_row_groups_read_back_whole_and_in_order()
    {
        var scenario = ShortRun.Scenario(6, EveryKindOfCell);
        var csv = RunToMemory(scenario);
        using var requestsBytes = new MemoryStream();
        using var timeseriesBytes = new MemoryStream();
        using (var requests = new RequestsParquetWriter(requestsBytes, report: null, rowGroupRows: 17))
        using (var timeseries = new TimeseriesParquetRows(timeseriesBytes, rowGroupRows: 23))
        {
            using var outputs = new TelemetryOutputs(requests, timeseries, scenario.Outputs.TimeseriesWindow, null, TraceOutputOptions.Default);
            ScenarioRunner.Run(scenario.Plan(), outputs, NullLogger.Instance);
        }

        var rows = AssertSameTable(csv.ReadText(RunFolderLayout.Requests), requestsBytes.ToArray());
        AssertSameTable(csv.ReadText(RunFolderLayout.Timeseries), timeseriesBytes.ToArray());
        Assert.Equal((rows + 16) / 17, ParquetTableReader.Read(requestsBytes.ToArray()).RowGroups);
    }

    [Fact]
    public void The_schemas_name_the_csv_columns_in_order_with_their_types_and_nulls()
    {
        Assert.Equal(RequestsCsvWriter.Columns, RequestsParquetWriter.Schema.GetDataFields().Select(f => f.Name));
        Assert.Equal(TimeseriesWriter.Columns, TimeseriesParquetRows.Schema.GetDataFields().Select(f => f.Name));
        Assert.Equal(
            "id:long status:string arrival_s:double first_token_s:double? finish_s:double input_tokens:long output_tokens:long "
            + "cached_prompt_tokens:long preemptions:long instance:long rank:long prefill_instance:long queue_ms:double? "
            + "decode_reservation_wait_ms:double? ttft_ms:double? tpot_ms:double? e2e_ms:double drop_reason:string?",
            Describe(RequestsParquetWriter.Schema));
        Assert.Equal(
            "time_s:double scope:string pool:string instance:long? busy:double compute_busy:double hbm_busy:double "
            + "communication:double imbalance:double kv_max:double kv_mean:double batch_tokens:double running:long queued:long "
            + "output_tokens_per_s:double scale_up_bytes:long scale_up_busy:double scale_out_bytes:long scale_out_busy:double",
            Describe(TimeseriesParquetRows.Schema));
    }

    [Fact]
    public void A_run_without_requests_writes_valid_empty_tables()
    {
        using var requestsBytes = new MemoryStream();
        using var timeseriesBytes = new MemoryStream();
        new RequestsParquetWriter(requestsBytes).Dispose();
        new TimeseriesParquetRows(timeseriesBytes).Dispose();

        var requests = ParquetTableReader.Read(requestsBytes.ToArray());
        var timeseries = ParquetTableReader.Read(timeseriesBytes.ToArray());
        Assert.Equal(0, requests.RowGroups);
        Assert.Equal(RequestsCsvWriter.Columns, requests.Fields.Select(f => f.Name));
        Assert.All(requests.Columns, c => Assert.Empty(c));
        Assert.Equal(TimeseriesWriter.Columns, timeseries.Fields.Select(f => f.Name));
        Assert.All(timeseries.Columns, c => Assert.Empty(c));
    }

    [Fact]
    public void Csv_stays_the_default_and_summary_json_names_only_parquet()
    {
        var scenario = ShortRun.Scenario(seconds: 2);
        Assert.Equal(TableFormat.Csv, scenario.Outputs.Format);
        var files = RunToMemory(scenario);
        Assert.StartsWith(string.Join(',', RequestsCsvWriter.Columns) + "\n", files.ReadText(RunFolderLayout.Requests), StringComparison.Ordinal);
        Assert.False(files.Contains(RunFolderLayout.RequestsParquet));
        Assert.False(files.Contains(RunFolderLayout.TimeseriesParquet));
        // A CSV run's summary.json is what it was before the key existed; a Parquet run's says so.
        Assert.DoesNotContain("\"format\"", files.ReadText(RunFolderLayout.Summary), StringComparison.Ordinal);
        Assert.Contains("\"format\": \"parquet\"", RunToMemory(ShortRun.Scenario(2, Parquet)).ReadText(RunFolderLayout.Summary), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_is_one_line_naming_the_allowed_values()
    {
        var error = Assert.Throws<InputException>(() => ShortRun.Scenario(2, new ScenarioOverride("outputs.format", "feather")));
        Assert.Contains("outputs.format", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: csv, parquet", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static MemoryFileStore RunToMemory(Scenario scenario)
    {
        var files = new MemoryFileStore();
        using var writer = new RunFolderWriter(files, scenario.Outputs);
        writer.Finish(ScenarioRunner.Run(scenario.Plan(), writer.Outputs, NullLogger.Instance));
        return files;
    }

    private static string Describe(ParquetSchema schema) => string.Join(' ', schema.GetDataFields().Select(f =>
        $"{f.Name}:{(f.ClrType == typeof(long) ? "long" : f.ClrType == typeof(double) ? "double" : ParquetTableReader.IsString(f) ? "string" : f.ClrType.Name)}{(f.IsNullable ? "?" : string.Empty)}"));

    /// <summary>Compares every cell; returns the number of rows.</summary>
    private static int AssertSameTable(string csvText, byte[] parquetBytes)
    {
        using var text = new StringReader(csvText);
        using var csv = CsvReader.Create(text, CsvInput.Options(lineBreaksInQuotes: true), leaveOpen: true);
        Assert.True(csv.Read());
        var header = CsvInput.Fields(csv);
        var (fields, columns, _) = ParquetTableReader.Read(parquetBytes);
        Assert.Equal(header, fields.Select(f => f.Name));
        var row = 0;
        while (csv.Read())
        {
            var cells = CsvInput.Fields(csv);
            for (var c = 0; c < cells.Length; c++)
            {
                Assert.True(row < columns[c].Length, $"{fields[c].Name}: the Parquet column ends before row {row}");
                AssertSameCell(fields[c], cells[c], columns[c][row], row);
            }

            row++;
        }

        Assert.All(columns, column => Assert.Equal(row, column.Length));
        return row;
    }

    private static void AssertSameCell(DataField field, string text, object? value, int row)
    {
        var where = $"{field.Name} row {row}";
        if (text.Length == 0)
        {
            Assert.True(value is null || (value is string s && s.Length == 0 && !field.IsNullable), $"{where}: empty in CSV, {value} in Parquet");
            Assert.True(field.IsNullable, $"{where}: empty in CSV but the column is not nullable");
            Assert.Null(value);
            return;
        }

        switch (value)
        {
            case string s:
                Assert.Equal(text, s);
                break;
            case long l:
                Assert.Equal(long.Parse(text, CultureInfo.InvariantCulture), l);
                break;
            case double d:
                // Bit for bit: the Parquet double is the one the CSV's decimal text parses to.
                Assert.True(double.Parse(text, CultureInfo.InvariantCulture).Equals(d), $"{where}: CSV {text}, Parquet {d:R}");
                break;
            default:
                Assert.Fail($"{where}: CSV '{text}', Parquet {value ?? "null"}");
                break;
        }
    }
}
