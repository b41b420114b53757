using ClusterSim.Input;
using ClusterSim.Measurements;

namespace ClusterSim.Tests.Measurements;

public sealed class MeasurementReaderTests
{
    [Theory]
    [InlineData("vllm-save-result.json", MeasurementFormat.Vllm)]
    [InlineData("sglang-bench-serving.jsonl", MeasurementFormat.Sglang)]
    [InlineData("trtllm-bench-report.json", MeasurementFormat.Trtllm)]
    [InlineData("per-request.csv", MeasurementFormat.Csv)]
    public void Auto_tells_each_sample_by_its_extension_or_keys(string sample, MeasurementFormat expected)
    {
        Assert.Equal(expected, MeasurementReader.Detect(MeasurementSamples.Path(sample)));
    }

    [Fact]
    public void A_single_sglang_line_in_a_json_file_is_told_by_its_keys_and_an_indented_vllm_file_by_its()
    {
        var sglang = MeasurementSamples.Write("s.json", "{\"duration\": 1, \"completed\": 1, \"output_throughput\": 1, \"mean_e2e_latency_ms\": 5}\n");
        var vllm = MeasurementSamples.Write("v.json", "{\n  \"duration\": 1,\n  \"completed\": 1,\n  \"output_throughput\": 1\n}\n");

        Assert.Equal(MeasurementFormat.Sglang, MeasurementReader.Detect(sglang));
        Assert.Equal(MeasurementFormat.Vllm, MeasurementReader.Detect(vllm));
    }

    [Fact]
    public void A_file_of_no_known_shape_a_missing_file_and_a_folder_are_one_line_each()
    {
        var text = MeasurementSamples.Write("m.txt", "hello\n");
        var missing = Path.Combine(Path.GetDirectoryName(text)!, "absent.json");

        Assert.Equal($"{text}: is not JSON and not named .csv; cannot tell its format, so pass --format (auto, vllm, sglang, trtllm, csv)", Assert.Throws<InputException>(() => MeasurementReader.Read(text)).Message);
        Assert.StartsWith($"{missing}: file not found;", Assert.Throws<InputException>(() => MeasurementReader.Read(missing)).Message, StringComparison.Ordinal);
        Assert.StartsWith($"{Path.GetDirectoryName(text)}: is a directory;", Assert.Throws<InputException>(() => MeasurementReader.Read(Path.GetDirectoryName(text)!)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_format_overrides_detection()
    {
        var path = MeasurementSamples.Path("vllm-save-result.json");

        var e = Assert.Throws<InputException>(() => MeasurementReader.Read(path, MeasurementFormat.Trtllm));

        Assert.Equal($"{path}: performance: is missing; a trtllm-bench --report_json report has performance, request_info (is --format right?)", e.Message);
    }

    [Theory]
    [InlineData("auto", true, null)]
    [InlineData("VLLM", true, MeasurementFormat.Vllm)]
    [InlineData("csv", true, MeasurementFormat.Csv)]
    [InlineData("json", false, null)]
    public void Format_names_parse(string text, bool ok, MeasurementFormat? expected)
    {
        Assert.Equal(ok, MeasurementFormats.TryParse(text, out var format));
        Assert.Equal(expected, format);
    }
}
