using ClusterSim.Hardware;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Tests.Hardware;

public sealed class AcceleratorSpecReaderTests
{
    private const string File = "scenarios/hardware/h200.yaml";

    private static InputException ErrorAfter(string find, string replace)
    {
        var text = Catalog.Text("h200");
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Assert.Throws<InputException>(
            () => AcceleratorSpecReader.Parse(File, text.Replace(find, replace, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_unchanged_file_parses()
    {
        Assert.Equal("NVIDIA", AcceleratorSpecReader.Parse(File, Catalog.Text("h200")).Vendor);
    }

    [Fact]
    public void The_SM_count_is_an_optional_sourced_whole_number()
    {
        var sms = AcceleratorSpecReader.Parse(File, Catalog.Text("h200")).StreamingMultiprocessors!.Value;
        Assert.Equal(132, sms.Value);
        Assert.Contains("whitepaper", sms.Source.Text, StringComparison.Ordinal);
        Assert.Null(AcceleratorSpecReader.Parse("mi300x.yaml", Catalog.Text("mi300x")).StreamingMultiprocessors);
        var error = ErrorAfter("  value: 132\n", "  value: 0\n");
        Assert.Equal("scenarios/hardware/h200.yaml: streaming_multiprocessors.value: '0' must be at least 1 streaming multiprocessor", error.Message);
    }

    [Fact]
    public void A_bad_bandwidth_unit_names_the_key_path_and_the_accepted_forms()
    {
        var error = ErrorAfter("bandwidth: { value: 4.8 TB/s", "bandwidth: { value: 4.8 TBs");
        Assert.StartsWith(
            "scenarios/hardware/h200.yaml: hbm.bandwidth.value: '4.8 TBs' is not a bandwidth; accepted forms: ",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal("hbm.bandwidth.value", error.KeyPath);
    }

    [Fact]
    public void An_unknown_key_suggests_the_nearest_valid_name()
    {
        var error = ErrorAfter("  bandwidth: { value: 4.8 TB/s", "  bandwith: { value: 4.8 TB/s");
        Assert.Equal(
            "scenarios/hardware/h200.yaml: hbm.bandwith: unknown key 'bandwith'; did you mean 'bandwidth'? allowed keys: capacity, bandwidth",
            error.Message);
    }

    [Fact]
    public void An_unknown_top_level_key_without_a_near_name_lists_the_allowed_keys()
    {
        var error = ErrorAfter("vendor: NVIDIA", "vendor: NVIDIA\ncolour: green");
        Assert.StartsWith("scenarios/hardware/h200.yaml: colour: unknown key 'colour'; allowed keys: name, vendor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_named()
    {
        var error = ErrorAfter("  capacity: { value: 141 GB, source: spec }\n", string.Empty);
        Assert.Equal("scenarios/hardware/h200.yaml: hbm.capacity: missing key 'capacity' under 'hbm'", error.Message);
    }

    [Fact]
    public void A_figure_without_a_source_is_refused()
    {
        var error = ErrorAfter("capacity: { value: 141 GB, source: spec }", "capacity: { value: 141 GB }");
        Assert.Equal("hbm.capacity.source", error.KeyPath);
    }

    [Fact]
    public void An_efficiency_above_one_is_refused_with_the_ratio_forms()
    {
        var error = ErrorAfter("compute: { value: 71%", "compute: { value: 71");
        Assert.Equal("efficiency.gemm.compute.value", error.KeyPath);
        Assert.Contains("'71' is not an efficiency; write a fraction in (0, 1] as a percentage such as \"91%\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_source_name_suggests_the_nearest()
    {
        var error = ErrorAfter("capacity: { value: 141 GB, source: spec }", "capacity: { value: 141 GB, source: spec2 }");
        Assert.Equal("hbm.capacity.source", error.KeyPath);
        Assert.Contains("'spec2' is neither a name under 'sources'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'spec'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_source_kind_is_refused_with_the_kinds()
    {
        var error = ErrorAfter("spec: \"datasheet:", "spec: \"datasheat:");
        Assert.Equal("sources.spec", error.KeyPath);
        Assert.Contains("'datasheat' is not a source kind; did you mean 'datasheet'? allowed: datasheet, measured, calibrated, assumed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_source_is_accepted()
    {
        var text = Catalog.Text("h200").Replace(
            "capacity: { value: 141 GB, source: spec }",
            "capacity: { value: 141 GB, source: \"measured: nvidia-smi on our node\" }",
            StringComparison.Ordinal);
        var capacity = AcceleratorSpecReader.Parse(File, text).Hbm.Capacity;
        Assert.Equal(new Source(SourceKind.Measured, "nvidia-smi on our node"), capacity.Source);
    }

    [Fact]
    public void An_unknown_data_type_suggests_the_nearest()
    {
        var error = ErrorAfter("  fp8: { value: 1979 TFLOPS", "  fp9: { value: 1979 TFLOPS");
        Assert.Equal("peak_dense_flops.fp9", error.KeyPath);
        Assert.Contains("allowed keys: fp32, bf16, fp16, fp8, fp4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scale_up_kind_lists_the_kinds()
    {
        var error = ErrorAfter("kind: nvswitch", "kind: nvlink");
        Assert.Equal("scenarios/hardware/h200.yaml: scale_up.kind: 'nvlink' is not a scale-up kind; allowed: nvswitch, infinity-fabric, torus, ethernet", error.Message);
    }

    [Fact]
    public void A_fractional_domain_size_is_refused()
    {
        var error = ErrorAfter("domain_size: { value: 8,", "domain_size: { value: 8.5,");
        Assert.Equal("scenarios/hardware/h200.yaml: scale_up.domain_size.value: '8.5' is not a whole number", error.Message);
    }

    [Fact]
    public void Invalid_yaml_reports_line_and_column()
    {
        var error = Assert.Throws<InputException>(() => AcceleratorSpecReader.Parse(File, "name: [unclosed\nvendor: x\n"));
        Assert.StartsWith("scenarios/hardware/h200.yaml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_value_in_a_scalar_reports_its_line()
    {
        var error = Assert.Throws<InputException>(() => AcceleratorSpecReader.Parse(File, "name: a\nvendor: b: c\n"));
        Assert.StartsWith("scenarios/hardware/h200.yaml: line 2, column ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_refused()
    {
        var error = ErrorAfter("vendor: NVIDIA", "vendor: NVIDIA\nvendor: AMD");
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_where_a_figure_belongs_is_refused()
    {
        var error = ErrorAfter("kernel_launch_overhead: { value: 5 us, source: launch }", "kernel_launch_overhead: [5 us]");
        Assert.Equal("scenarios/hardware/h200.yaml: kernel_launch_overhead: expected a mapping of keys to values, found a list", error.Message);
    }

    [Fact]
    public void A_missing_file_is_a_file_error()
    {
        var error = Assert.Throws<InputException>(() => AcceleratorSpecReader.Read("/nonexistent/h999.yaml"));
        Assert.StartsWith("/nonexistent/h999.yaml: cannot read the file", error.Message, StringComparison.Ordinal);
    }
}
