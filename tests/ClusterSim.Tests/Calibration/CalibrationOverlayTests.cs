using ClusterSim.Experts;
using ClusterSim.Input;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Serving;

namespace ClusterSim.Tests.Calibration;

/// <summary>The overlay file (reading, writing, one-line errors) and what the planner does with each of its values.</summary>
public sealed class CalibrationOverlayTests
{
    private static readonly string Source = "calibrated: m.json, 2026-12-03, held-out error 2.5 %";

    private static CalibrationOverlay Overlay(string values) => CalibrationOverlay.Parse("overlay.yaml", "values:\n" + values);

    [Fact]
    public void The_planner_lays_every_value_over_the_engine_profile_the_hardware_file_and_the_expert_settings()
    {
        var scenario = TestScenarios.Parse(TestScenarios.DeepSeekTwoNodes());
        var plain = scenario.Plan();
        var overlay = Overlay($"""
              host_overhead_per_step: {"{"} value: 2.5 ms, source: "{Source}" {"}"}
              host_overhead_per_request: {"{"} value: 30 us, source: "{Source}" {"}"}
              gemm_compute: {"{"} value: 0.5, source: "{Source}" {"}"}
              gemm_memory: {"{"} value: 2, source: "{Source}" {"}"}
              all_to_all_sms: {"{"} value: 20, source: "{Source}" {"}"}
              expert_skew: {"{"} value: 1.5, source: "{Source}" {"}"}
            """);

        var calibrated = (scenario with { Calibration = overlay }).Plan();

        Assert.Equal(2_500_000, calibrated.Engine.HostPerStep.Value.Nanoseconds);
        Assert.Equal(30_000, calibrated.Engine.HostPerRequest.Value.Nanoseconds);
        Assert.Equal(ClusterSim.Hardware.SourceKind.Calibrated, calibrated.Engine.HostPerStep.Source.Kind);
        Assert.Contains(Source, calibrated.Engine.HostPerStep.Source.Text, StringComparison.Ordinal);

        // H200's tile efficiencies times the multipliers; memory 2 x 84.1 % would pass 100 % and is capped there.
        var tiles = plain.Hardware.GemmTiles!.Efficiency;
        Assert.Equal(tiles.Compute.Value * 0.5, calibrated.Hardware.GemmTiles!.Efficiency.Compute.Value, 12);
        Assert.Equal(1.0, calibrated.Hardware.GemmTiles.Efficiency.Memory.Value);

        Assert.All(calibrated.Pools, p => Assert.Equal(20, p.AllToAll.Sms));
        Assert.Equal(MeasuredExpertSkew.LogNormalSigma * 1.5, calibrated.Scenario.ExpertsOrDefault.Routing.Sigma, 12);
        Assert.Same(overlay, calibrated.Scenario.Calibration);
    }

    [Fact]
    public void Values_the_overlay_does_not_name_keep_the_scenarios()
    {
        var scenario = TestScenarios.Parse(TestScenarios.DeepSeekTwoNodes());
        var plain = scenario.Plan();

        var calibrated = (scenario with { Calibration = Overlay($"  gemm_compute: {{ value: 0.9, source: \"{Source}\" }}\n") }).Plan();

        Assert.Equal(plain.Engine, calibrated.Engine);
        Assert.Equal(plain.Hardware.GemmTiles!.Efficiency.Memory, calibrated.Hardware.GemmTiles!.Efficiency.Memory);
        Assert.Equal(plain.Scenario.ExpertsOrDefault.Routing.Sigma, calibrated.Scenario.ExpertsOrDefault.Routing.Sigma);
    }

    [Fact]
    public void Written_yaml_reads_back_to_the_same_values_and_sources()
    {
        var overlay = ClusterSim.Measurements.Calibrator.Trial([CalibrationParameter.HostOverheadPerStep, CalibrationParameter.GemmCompute, CalibrationParameter.AllToAllSms], [2.9769, 0.7892, 23.6]);

        var text = overlay.ToYaml(["a.json", "b.csv"], new DateOnly(2026, 12, 3), 1.36, 0.74, 14.6);
        var back = CalibrationOverlay.Parse("back.yaml", text);

        Assert.Contains("held_out_error_percent: 0.74", text, StringComparison.Ordinal);
        Assert.Equal(2.9769, back.ValueOf(CalibrationParameter.HostOverheadPerStep)!.Value, 9);
        Assert.Equal(0.7892, back.ValueOf(CalibrationParameter.GemmCompute)!.Value, 9);
        Assert.Equal(24, back.ValueOf(CalibrationParameter.AllToAllSms)); // a whole number of SMs
        Assert.Null(back.ValueOf(CalibrationParameter.ExpertSkew));
        Assert.Equal("calibrate: trial value", back.SourceOf(CalibrationParameter.GemmCompute));
    }

    [Theory]
    [InlineData("overlays/ground-truth.yaml")]
    [InlineData("overlays/llama-3-70b-h100-tp8-vllm.calibration.yaml")]
    public void The_shipped_overlays_read_and_pass_the_schema(string name)
    {
        var path = Path.Combine(TestCatalog.Repository.ScenariosDirectory, "calibration", name);

        Assert.NotEmpty(CalibrationOverlay.Read(path).Values);
        Assert.Empty(Schemas.SchemaFiles.Errors(Schemas.SchemaFiles.Calibration, Schemas.YamlJson.Load(path)));
    }

    [Theory]
    [InlineData("values:\n  warp: { value: 1, source: x }\n", "values.warp", "is not a calibration parameter")]
    [InlineData("values:\n  gemm_compute: { value: fast, source: x }\n", "values.gemm_compute.value", "'fast' is not a multiplier such as 0.8")]
    [InlineData("values:\n  host_overhead_per_step: { value: 90 ms, source: x }\n", "values.host_overhead_per_step.value", "outside [0 ms, 20 ms]")]
    [InlineData("values:\n  gemm_memory: { value: 1, sauce: x }\n", "values.gemm_memory", "sauce")]
    [InlineData("valeus: {}\n", "", "valeus")]
    public void A_malformed_overlay_is_one_line_naming_the_key(string text, string key, string problem)
    {
        var error = Assert.Throws<InputException>(() => CalibrationOverlay.Parse("overlay.yaml", text));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("overlay.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
