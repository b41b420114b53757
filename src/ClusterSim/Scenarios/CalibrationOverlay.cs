using System.Globalization;
using System.Text;
using ClusterSim.Input;

namespace ClusterSim.Scenarios;

/// <summary>One fitted value of an overlay and the sentence that vouches for it.</summary>
/// <param name="Parameter">Which parameter.</param>
/// <param name="Value">Its value in the parameter's unit.</param>
/// <param name="Source">"calibrated: &lt;measurement files&gt;, &lt;date&gt;, held-out error X %".</param>
public sealed record CalibratedValue(CalibrationParameter Parameter, double Value, string Source);

/// <summary>
/// A calibration overlay (the file <c>clustersim calibrate --out</c> writes; <c>--calibration FILE</c> on run, sweep,
/// capacity and measure-error): fitted values laid over a scenario's engine profile, hardware file and expert
/// settings when the deployment is planned (<c>DeploymentPlanner</c>). Parameters the file does not name keep the
/// scenario's values.
/// </summary>
/// <param name="File">The overlay file as the user named it (summary.json records its name).</param>
/// <param name="Values">The values, in <see cref="CalibrationParameter.All"/> order.</param>
public sealed record CalibrationOverlay(string File, IReadOnlyList<CalibratedValue> Values)
{
    /// <summary>The value of <paramref name="parameter"/>, or null when the overlay does not set it.</summary>
    public double? ValueOf(CalibrationParameter parameter) => Values.FirstOrDefault(v => v.Parameter == parameter)?.Value;

    /// <summary>The source sentence of <paramref name="parameter"/>, or null.</summary>
    public string? SourceOf(CalibrationParameter parameter) => Values.FirstOrDefault(v => v.Parameter == parameter)?.Source;

    /// <summary>Reads an overlay file.</summary>
    /// <exception cref="InputException">Missing file, an unknown key or parameter, a value out of its bounds.</exception>
    public static CalibrationOverlay Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new InputException(path, string.Empty, "calibration file not found; write one with clustersim calibrate --out");
        }

        return Read(path, YamlFile.Load(path));
    }

    /// <summary>Reads overlay text; <paramref name="fileName"/> names it in errors.</summary>
    public static CalibrationOverlay Parse(string fileName, string text) => Read(fileName, YamlFile.Parse(fileName, text));

    private static CalibrationOverlay Read(string path, YamlMap root)
    {
        root.AllowOnly(CalibrationOverlayKeys.Root.Keys);
        var map = root.RequiredMap("values");
        var values = new List<CalibratedValue>();
        foreach (var key in map.Keys)
        {
            var parameter = CalibrationParameter.Find(key)
                ?? throw map.Error(key, $"is not a calibration parameter; allowed: {CalibrationParameter.Names}");
            var entry = map.RequiredMap(key).AllowOnly(CalibrationOverlayKeys.Value.Keys);
            var text = entry.RequiredString("value");
            double value;
            try
            {
                value = parameter.Parse(text);
            }
            catch (FormatException)
            {
                throw entry.Error("value", $"'{text}' is not {parameter.Expected}");
            }

            if (!(value >= parameter.Minimum && value <= parameter.Maximum))
            {
                throw entry.Error("value", $"{text} is outside [{parameter.Format(parameter.Minimum)}, {parameter.Format(parameter.Maximum)}]");
            }

            values.Add(new CalibratedValue(parameter, value, entry.OptionalString("source") ?? "calibrated: (no source given)"));
        }

        if (values.Count == 0)
        {
            throw map.Error("sets no parameter; allowed: " + CalibrationParameter.Names);
        }

        return new CalibrationOverlay(path, values.OrderBy(v => IndexOf(v.Parameter)).ToArray());
    }

    private static int IndexOf(CalibrationParameter parameter)
    {
        for (var i = 0; i < CalibrationParameter.All.Count; i++)
        {
            if (CalibrationParameter.All[i] == parameter)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The overlay as YAML, with the fit's figures as header keys.</summary>
    /// <param name="measured">The measurement files fitted against.</param>
    /// <param name="date">The date of the fit.</param>
    /// <param name="fittedErrorPercent">Mean |error| over the fitted part after the fit.</param>
    /// <param name="heldOutErrorPercent">Mean |error| over the held-out part after the fit, or null without one.</param>
    /// <param name="priorHeldOutErrorPercent">The same before the fit, or null.</param>
    public string ToYaml(IReadOnlyList<string> measured, DateOnly date, double fittedErrorPercent, double? heldOutErrorPercent, double? priorHeldOutErrorPercent)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var text = new StringBuilder();
        text.AppendLine("# Calibration overlay written by clustersim calibrate (docs/calibration.md). Apply it with");
        text.AppendLine("# --calibration FILE on run, sweep, capacity or measure-error; it replaces the values below only.");
        text.AppendLine(CultureInfo.InvariantCulture, $"calibrated_from: [{string.Join(", ", measured.Select(Quote))}]");
        text.AppendLine(CultureInfo.InvariantCulture, $"date: {date:yyyy-MM-dd}");
        text.AppendLine(CultureInfo.InvariantCulture, $"fitted_error_percent: {Percent(fittedErrorPercent)}");
        if (heldOutErrorPercent is { } heldOut)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"held_out_error_percent: {Percent(heldOut)}");
        }

        if (priorHeldOutErrorPercent is { } prior)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"prior_held_out_error_percent: {Percent(prior)}");
        }

        text.AppendLine("values:");
        foreach (var v in Values)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {v.Parameter.Name}: {{ value: {v.Parameter.Format(v.Value)}, source: {Quote(v.Source)} }}");
        }

        return text.ToString();
    }

    private static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
