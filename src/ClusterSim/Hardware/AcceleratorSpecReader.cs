using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Input;
using ClusterSim.Units;

namespace ClusterSim.Hardware;

/// <summary>Reads one hardware file (scenarios/hardware/*.yaml) into an <see cref="AcceleratorSpec"/>, strictly.</summary>
/// <remarks>
/// Every figure is a mapping <c>{ value: 4.8 TB/s, source: spec, note: ... }</c>. A source is either the name
/// of an entry under <c>sources:</c> or an inline "kind: text" string; kinds are datasheet, measured,
/// calibrated and assumed. The format is documented in docs/modeling.md.
/// </remarks>
public static class AcceleratorSpecReader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="InputException">For any problem, naming the file, the key path and what is allowed.</exception>
    public static AcceleratorSpec Read(string path) => Read(YamlFile.Load(path));

    /// <summary>Reads YAML text; <paramref name="fileName"/> names it in errors.</summary>
    /// <exception cref="InputException">For any problem, naming the file, the key path and what is allowed.</exception>
    public static AcceleratorSpec Parse(string fileName, string text) => Read(YamlFile.Parse(fileName, text));

    private static AcceleratorSpec Read(YamlMap root)
    {
        root.AllowOnly(AcceleratorSpecKeys.Root.Keys);
        var name = NonEmpty(root, "name");
        var vendor = NonEmpty(root, "vendor");
        var sources = ReadSources(root.OptionalMap("sources"));
        var figures = new FigureReader(sources);

        var peaks = root.RequiredMap("peak_dense_flops");
        peaks.AllowOnly(AcceleratorSpecKeys.PeakFlops.Keys);
        var peakFlops = new Dictionary<DataType, Sourced<FlopRate>>();
        foreach (var key in peaks.Keys)
        {
            _ = DataTypes.TryParse(key, out var type);
            peakFlops[type] = figures.Read(peaks, key, FlopRate.Parse, r => r.FlopsPerSecond > 0 ? null : "must be more than 0 FLOP/s");
        }

        if (peakFlops.Count == 0)
        {
            throw root.Error("peak_dense_flops", $"needs at least one data type; allowed: {DataTypes.AcceptedNames}");
        }

        var hbmMap = root.RequiredMap("hbm").AllowOnly(AcceleratorSpecKeys.Hbm.Keys);
        var hbm = new HbmSpec(
            figures.Read(hbmMap, "capacity", ByteSize.Parse, b => b.Bytes > 0 ? null : "must be more than 0 bytes"),
            figures.Read(hbmMap, "bandwidth", Bandwidth.Parse, Positive));

        var upMap = root.RequiredMap("scale_up").AllowOnly(AcceleratorSpecKeys.ScaleUp.Keys);
        var kindText = upMap.RequiredString("kind");
        if (!ScaleUpKinds.TryParse(kindText, out var kind))
        {
            throw upMap.Error("kind", $"'{kindText}' is not a scale-up kind; allowed: {ScaleUpKinds.AcceptedNames}");
        }

        var scaleUp = new ScaleUpSpec(
            kind,
            figures.Read(upMap, "bandwidth_per_direction", Bandwidth.Parse, Positive),
            figures.Read(upMap, "domain_size", WholeNumber, n => n >= 1 ? null : "must be at least 1 accelerator"),
            figures.Read(upMap, "alpha", UnitParser.ParseDuration, NotNegative));

        var outMap = root.RequiredMap("scale_out").AllowOnly(AcceleratorSpecKeys.ScaleOut.Keys);
        var scaleOut = new ScaleOutSpec(
            figures.Read(outMap, "nic_bandwidth_per_accelerator", Bandwidth.Parse, Positive),
            figures.Read(outMap, "nics_per_node", WholeNumber, n => n >= 1 ? null : "must be at least 1"),
            figures.Read(outMap, "alpha", UnitParser.ParseDuration, NotNegative));

        var launch = figures.Read(root, "kernel_launch_overhead", UnitParser.ParseDuration, NotNegative);

        var effMap = root.RequiredMap("efficiency").AllowOnly(AcceleratorSpecKeys.Efficiency.Keys);
        var commMap = effMap.RequiredMap("communication").AllowOnly(AcceleratorSpecKeys.Communication.Keys);
        var efficiency = new EfficiencyTable(
            ReadOperationEfficiency(figures, effMap, "gemm"),
            ReadOperationEfficiency(figures, effMap, "attention"),
            ReadOperationEfficiency(figures, effMap, "memory_bound"),
            new CommunicationEfficiency(
                figures.Read(commMap, "scale_up", UnitParser.ParseRatio, Fraction),
                figures.Read(commMap, "scale_out", UnitParser.ParseRatio, Fraction)));

        // Optional: without it, communication kernels are taken to leave compute at full speed (see docs/modeling.md).
        Sourced<int>? sms = root.Has("streaming_multiprocessors")
            ? figures.Read(root, "streaming_multiprocessors", WholeNumber, n => n >= 1 ? null : "must be at least 1 streaming multiprocessor")
            : null;
        // Optional: the shape-aware GEMM roofline needs the SM count as well (docs/modeling.md, "GEMM tiles and waves").
        GemmTileEfficiency? tiles = null;
        if (root.Has("gemm_tiles"))
        {
            if (sms is null)
            {
                throw root.Error("gemm_tiles", "the GEMM tile model needs streaming_multiprocessors (tiles run in waves over the SMs)");
            }

            var tileMap = root.RequiredMap("gemm_tiles").AllowOnly(AcceleratorSpecKeys.GemmTiles.Keys);
            tiles = new GemmTileEfficiency(
                new OperationEfficiency(
                    figures.Read(tileMap, "compute", UnitParser.ParseRatio, Fraction),
                    figures.Read(tileMap, "memory", UnitParser.ParseRatio, Fraction)),
                figures.Read(tileMap, "fixed_per_call", UnitParser.ParseDuration, NotNegative));
        }

        // Optional: the absorbed-MLA decode kernel's fixed cost per call (docs/modeling.md, "The attention core").
        Sourced<SimDuration>? mlaFixed = root.Has("mla_decode")
            ? figures.Read(root.RequiredMap("mla_decode").AllowOnly(AcceleratorSpecKeys.MlaDecode.Keys), "fixed_per_call", UnitParser.ParseDuration, NotNegative)
            : null;

        // Optional: without them the run writes no energy or dollar figures for this chip (docs/modeling.md, "Power and energy").
        var power = root.Has("power") ? ReadPower(figures, root.RequiredMap("power").AllowOnly(AcceleratorSpecKeys.Power.Keys)) : null;
        Sourced<double>? price = root.Has("gpu_hour_usd")
            ? figures.Read(root, "gpu_hour_usd", PlainNumber, usd => usd >= 0 ? null : "must not be negative (US dollars per accelerator-hour)")
            : null;

        return new AcceleratorSpec(name, vendor, peakFlops, hbm, scaleUp, scaleOut, launch, efficiency)
        {
            StreamingMultiprocessors = sms, GemmTiles = tiles, MlaDecodeFixedPerCall = mlaFixed, Power = power, GpuHourUsd = price,
        };
    }

    private static PowerSpec ReadPower(FigureReader figures, YamlMap map)
    {
        var max = figures.Read(map, "board_max", ElectricPower.Parse, w => w.Watts > 0 ? null : "must be more than 0 W");
        var idle = figures.Read(map, "idle", ElectricPower.Parse, w => w.Watts >= 0 ? null : "must not be negative");
        if (idle.Value.Watts > max.Value.Watts)
        {
            throw map.Error("idle", $"{idle.Value} is more than board_max ({max.Value}); idle power must be at most the full-load power");
        }

        return new PowerSpec(max, idle);
    }

    private static OperationEfficiency ReadOperationEfficiency(FigureReader figures, YamlMap efficiency, string key)
    {
        var map = efficiency.RequiredMap(key).AllowOnly(AcceleratorSpecKeys.Operation.Keys);
        return new OperationEfficiency(
            figures.Read(map, "compute", UnitParser.ParseRatio, Fraction),
            figures.Read(map, "memory", UnitParser.ParseRatio, Fraction));
    }

    /// <summary>Reads a file's <c>sources</c> map (name to "kind: text"); shared with the other sourced catalog files.</summary>
    internal static Dictionary<string, Source> ReadSources(YamlMap? map)
    {
        var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
        if (map is null)
        {
            return sources;
        }

        foreach (var key in map.Keys)
        {
            sources[key] = ParseInlineSource(map, key, map.RequiredString(key), string.Empty)
                ?? throw map.Error(key, $"a source is written \"kind: text\" with kind one of {SourceKinds.AcceptedNames}");
        }

        return sources;
    }

    /// <summary>Parses "datasheet: NVIDIA H200 datasheet"; null when the text has no colon (it is a name).</summary>
    private static Source? ParseInlineSource(YamlMap map, string key, string text, string note)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var kindText = text[..colon].Trim();
        var description = text[(colon + 1)..].Trim();
        if (!SourceKinds.TryParse(kindText, out var kind))
        {
            throw map.Error(key, $"'{kindText}' is not a source kind;{NearestName.DidYouMean(kindText, SourceKinds.AcceptedNames.Split(", "))} allowed: {SourceKinds.AcceptedNames}");
        }

        return description.Length > 0
            ? new Source(kind, description, note)
            : throw map.Error(key, $"the {kind.Name()} source needs a description after the colon (who published or why assumed)");
    }

    private static string NonEmpty(YamlMap map, string key)
    {
        var text = map.RequiredString(key).Trim();
        return text.Length > 0 ? text : throw map.Error(key, "must not be empty");
    }

    private static int WholeNumber(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{text}' is not a whole number");

    private static double PlainNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? n
            : throw new FormatException($"'{text}' is not a number (US dollars, without a currency sign)");

    private static string? Positive(Bandwidth b) => b.BytesPerSecond > 0 ? null : "must be more than 0 B/s";

    private static string? NotNegative(SimDuration d) => d.Nanoseconds >= 0 ? null : "must not be negative";

    private static string? Fraction(double f) =>
        f is > 0 and <= 1 ? null : $"is not an efficiency; write a fraction in (0, 1] as {UnitParser.RatioForms}";

    /// <summary>Reads figures against the file's named sources.</summary>
    internal sealed class FigureReader(Dictionary<string, Source> sources)
    {
        public Sourced<T> Read<T>(YamlMap parent, string key, Func<string, T> parse, Func<T, string?> check)
        {
            var figure = parent.RequiredMap(key).AllowOnly(AcceleratorSpecKeys.Figure.Keys);
            var value = figure.Required("value", parse);
            if (check(value) is { } problem)
            {
                throw figure.Error("value", $"'{figure.RequiredString("value")}' {problem}");
            }

            var note = figure.OptionalString("note")?.Trim() ?? string.Empty;
            var sourceText = figure.RequiredString("source").Trim();
            var source = ParseInlineSource(figure, "source", sourceText, note);
            if (source is null)
            {
                if (!sources.TryGetValue(sourceText, out var named))
                {
                    #pragma warning disable RS0030 // insertion order is the order of the file's sources map and nothing is removed: the message lists them as written
                    var known = sources.Count == 0 ? "none are defined" : string.Join(", ", sources.Keys);
                    var hint = NearestName.DidYouMean(sourceText, sources.Keys);
                    #pragma warning restore RS0030
                    throw figure.Error(
                        "source",
                        $"'{sourceText}' is neither a name under 'sources' ({known}) nor \"kind: text\" with kind one of {SourceKinds.AcceptedNames}"
                        + (hint.Length == 0 ? string.Empty : ";" + hint));
                }

                source = note.Length == 0 ? named : named with { Note = JoinNotes(named.Note, note) };
            }

            return new Sourced<T>(value, source);
        }

        private static string JoinNotes(string a, string b) => a.Length == 0 ? b : a + "; " + b;
    }
}
