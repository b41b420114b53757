using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Models;

namespace ClusterSim.Tests.Input;

public sealed class CatalogTests
{
    [Fact]
    public void For_takes_the_configured_folder_else_the_one_beside_the_program()
    {
        var root = Directory.CreateTempSubdirectory("clustersim-catalog-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "elsewhere", "hardware"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "bin", "scenarios", "hardware"));
            Assert.Equal(Path.Combine(root.FullName, "elsewhere"), Catalog.For(Path.Combine(root.FullName, "elsewhere"), Path.Combine(root.FullName, "bin")).ScenariosDirectory);
            Assert.Equal(Path.Combine(root.FullName, "bin", "scenarios"), Catalog.For(null, Path.Combine(root.FullName, "bin")).ScenariosDirectory);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_folder_without_hardware_is_refused_in_one_line()
    {
        var root = Directory.CreateTempSubdirectory("clustersim-catalog-");
        try
        {
            var e = Assert.Throws<InputException>(() => Catalog.For(root.FullName, "/nowhere"));
            Assert.Contains("not a scenario catalog (set by Catalog:ScenariosDirectory): no hardware/ folder inside", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("h20", "did you mean 'h200'?")]
    [InlineData("h2", "unknown hardware 'h2'")]
    [InlineData("", "empty hardware name")]
    public void Hardware_names_are_exact_or_refused(string given, string expected)
    {
        var e = Assert.Throws<InputException>(() => HardwareCatalog.Of(TestCatalog.Repository).Load(given, "scenario.yaml", "hardware"));
        Assert.StartsWith("scenario.yaml: hardware: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: a100, b200", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_prefix_is_not_a_model()
    {
        var e = Assert.Throws<InputException>(() => ModelCatalog.Of(TestCatalog.Repository).Load("llama", "x.yaml", "model.config"));
        Assert.StartsWith("x.yaml: model.config: unknown model 'llama';", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deepseek_r1_is_deepseek_v3_by_another_name()
    {
        var models = ModelCatalog.Of(TestCatalog.Repository);
        Assert.Contains("deepseek-r1", models.Names());
        var r1 = models.Load("DeepSeek-R1");
        var v3 = models.Load("deepseek-v3");
        Assert.Equal("deepseek-r1", r1.Name);
        Assert.Equal(v3.Layers, r1.Layers);
        Assert.Equal(v3.Moe!.RoutedExperts, r1.Moe!.RoutedExperts);
    }

    [Fact]
    public void Scenario_names_resolve_in_the_catalog_only()
    {
        Assert.EndsWith(Path.Combine("scenarios", "default.yaml"), TestCatalog.Repository.FindScenario("default"));
        Assert.Null(TestCatalog.Repository.FindScenario("no-such-scenario"));
        Assert.Null(TestCatalog.Repository.FindScenario(" "));
    }
}
