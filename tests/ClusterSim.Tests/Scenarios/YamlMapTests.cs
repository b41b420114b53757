using ClusterSim.Scenarios;
using ClusterSim.Input;
using ClusterSim.Units;

namespace ClusterSim.Tests.Scenarios;

public sealed class YamlMapTests
{
    private const string Text = """
        deployment:
          decode:
            replicas: 4
            link: 400 Gb/s
          label: fast
        """;

    private static YamlMap Root() => YamlFile.Parse("s.yaml", Text);

    [Fact]
    public void Nested_maps_know_their_key_path()
    {
        var decode = Root().RequiredMap("deployment").RequiredMap("decode");
        Assert.Equal("deployment.decode", decode.KeyPath);
        Assert.Equal("deployment.decode.replicas", decode.PathOf("replicas"));
        Assert.Equal(["replicas", "link"], decode.Keys);
    }

    [Fact]
    public void RequiredInt_reads_whole_numbers_and_checks_the_minimum()
    {
        var decode = Root().RequiredMap("deployment").RequiredMap("decode");
        Assert.Equal(4, decode.RequiredInt("replicas", minimum: 1));
        var error = Assert.Throws<InputException>(() => decode.RequiredInt("replicas", minimum: 8));
        Assert.Equal("s.yaml: deployment.decode.replicas: 4 is too small; the least allowed is 8", error.Message);
    }

    [Fact]
    public void Required_with_a_unit_parser_reports_the_key_path()
    {
        var deployment = Root().RequiredMap("deployment");
        Assert.Equal(50e9, deployment.RequiredMap("decode").Required("link", Bandwidth.Parse).BytesPerSecond);
        var error = Assert.Throws<InputException>(() => deployment.Required("label", Bandwidth.Parse));
        Assert.StartsWith("s.yaml: deployment.label: 'fast' is not a bandwidth; accepted forms: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_keys_are_null_when_absent()
    {
        var deployment = Root().RequiredMap("deployment");
        Assert.Null(deployment.OptionalString("prefill"));
        Assert.Null(deployment.OptionalMap("prefill"));
        Assert.Equal("fast", deployment.OptionalString("label"));
    }

    [Fact]
    public void A_scalar_where_a_map_belongs_is_refused()
    {
        var error = Assert.Throws<InputException>(() => Root().RequiredMap("deployment").RequiredMap("label"));
        Assert.Equal("s.yaml: deployment.label: expected a mapping of keys to values, found a single value", error.Message);
    }

    [Fact]
    public void AllowOnly_refuses_an_unknown_key_with_a_suggestion()
    {
        var error = Assert.Throws<InputException>(() => Root().RequiredMap("deployment").AllowOnly("decode", "prefill", "labels"));
        Assert.Equal("s.yaml: deployment.label: unknown key 'label'; did you mean 'labels'? allowed keys: decode, prefill, labels", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_mapping_is_refused()
    {
        var error = Assert.Throws<InputException>(() => YamlFile.Parse("s.yaml", "- a\n- b\n"));
        Assert.Equal("s.yaml: expected a mapping of keys to values at the top level", error.Message);
    }
}
