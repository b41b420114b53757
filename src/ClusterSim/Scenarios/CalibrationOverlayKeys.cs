using ClusterSim.Input;

namespace ClusterSim.Scenarios;

/// <summary>
/// The keys a calibration overlay accepts: the lists <see cref="CalibrationOverlay"/> checks and
/// scenarios/schemas/calibration.schema.json describes (SchemaKeyTests compares the two both ways).
/// </summary>
internal static class CalibrationOverlayKeys
{
    /// <summary>The file's root: the fit's record and the values.</summary>
    public static readonly KeySet Root = new(
        string.Empty, "calibrated_from", "date", "fitted_error_percent", "held_out_error_percent", "prior_held_out_error_percent", "values");

    /// <summary>One calibrated value.</summary>
    public static readonly KeySet Value = new("calibrated_value", "value", "source");
}
