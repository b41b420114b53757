using System.Globalization;

namespace ClusterSim.Workloads;

/// <summary>The family of a token-length distribution.</summary>
public enum LengthDistributionKind
{
    /// <summary>Always <see cref="LengthDistributionSpec.Value"/>.</summary>
    Fixed,

    /// <summary>Uniform integers in [min, max].</summary>
    Uniform,

    /// <summary>Log-normal given (mean or median) and sigma of the underlying normal, rounded and clamped to [min, max].</summary>
    LogNormal,

    /// <summary>Zipf over 1..max with exponent s: P(k) proportional to k^-s, then clamped below at min.</summary>
    Zipf,

    /// <summary>Uniform draws from observed lengths (a file of lengths or a trace's token column).</summary>
    Empirical,

    /// <summary>
    /// Uniform integers in [ceil(ratio·value), value], as SGLang's and vLLM's <c>--random-range-ratio</c> draw them.
    /// </summary>
    UniformRatio,
}

/// <summary>Which token column of a trace an empirical distribution takes its lengths from.</summary>
public enum TokenColumn
{
    /// <summary>Prompt tokens (Azure ContextTokens, BurstGPT Request tokens, Mooncake input_length).</summary>
    Input,

    /// <summary>Generated tokens (Azure GeneratedTokens, BurstGPT Response tokens, Mooncake output_length).</summary>
    Output,
}

/// <summary>Where an empirical length distribution reads its observations.</summary>
/// <param name="Path">A file of lengths (one integer per line, '#' comments) or a trace file.</param>
/// <param name="Format">Null for a plain file of lengths; otherwise the trace format to read a column from.</param>
/// <param name="Column">The trace column to use (ignored for a plain file of lengths).</param>
public sealed record EmpiricalLengthsSpec(string Path, TraceFormat? Format = null, TokenColumn Column = TokenColumn.Input);

/// <summary>
/// The <c>workload.input_tokens</c> or <c>workload.output_tokens</c> section: a distribution of token counts.
/// Only the members its <see cref="Distribution"/> uses may be set; <see cref="Validate"/> says which.
/// </summary>
public sealed record LengthDistributionSpec
{
    /// <summary>Largest Zipf support: the sampler keeps a cumulative table of this many doubles.</summary>
    public const int MaxZipfSupport = 1 << 22;

    /// <summary>The YAML names of the distributions, for error messages.</summary>
    public const string AllowedDistributions = "fixed, uniform, lognormal, zipf, empirical, uniform_ratio";

    /// <summary>The family.</summary>
    public required LengthDistributionKind Distribution { get; init; }

    /// <summary>The constant length of <c>fixed</c>.</summary>
    public int? Value { get; init; }

    /// <summary>Smallest length produced (clamp for lognormal and zipf, lower bound for uniform); default 1.</summary>
    public int? Min { get; init; }

    /// <summary>Largest length produced (upper bound for uniform, support of zipf, clamp for lognormal).</summary>
    public int? Max { get; init; }

    /// <summary>Lognormal: mean of the unclamped distribution; mu = ln(mean) − sigma²/2. Exclusive with median.</summary>
    public double? Mean { get; init; }

    /// <summary>Lognormal: median of the distribution; mu = ln(median). Exclusive with mean.</summary>
    public double? Median { get; init; }

    /// <summary>Lognormal: standard deviation of the underlying normal (of ln length), &gt; 0.</summary>
    public double? Sigma { get; init; }

    /// <summary>Zipf exponent s &gt;= 0 (0 is uniform over 1..max).</summary>
    public double? Exponent { get; init; }

    /// <summary>uniform_ratio: the lower end of the range as a share of <see cref="Value"/>, in [0, 1].</summary>
    public double? Ratio { get; init; }

    /// <summary>Empirical: where the observed lengths come from.</summary>
    public EmpiricalLengthsSpec? Empirical { get; init; }

    /// <summary>Always <paramref name="tokens"/>.</summary>
    public static LengthDistributionSpec Fixed(int tokens) => new() { Distribution = LengthDistributionKind.Fixed, Value = tokens };

    /// <summary>Uniform integers in [min, max].</summary>
    public static LengthDistributionSpec Uniform(int min, int max) => new() { Distribution = LengthDistributionKind.Uniform, Min = min, Max = max };

    /// <summary>Log-normal with the given mean (before clamping) and sigma.</summary>
    public static LengthDistributionSpec LogNormalWithMean(double mean, double sigma, int? min = null, int? max = null) =>
        new() { Distribution = LengthDistributionKind.LogNormal, Mean = mean, Sigma = sigma, Min = min, Max = max };

    /// <summary>Log-normal with the given median and sigma.</summary>
    public static LengthDistributionSpec LogNormalWithMedian(double median, double sigma, int? min = null, int? max = null) =>
        new() { Distribution = LengthDistributionKind.LogNormal, Median = median, Sigma = sigma, Min = min, Max = max };

    /// <summary>Zipf over 1..max with exponent s.</summary>
    public static LengthDistributionSpec Zipf(int max, double exponent) => new() { Distribution = LengthDistributionKind.Zipf, Max = max, Exponent = exponent };

    /// <summary>Draws from observed lengths.</summary>
    public static LengthDistributionSpec FromEmpirical(EmpiricalLengthsSpec source) => new() { Distribution = LengthDistributionKind.Empirical, Empirical = source };

    /// <summary>Uniform integers in [ceil(ratio·value), value] (<c>--random-range-ratio</c>).</summary>
    public static LengthDistributionSpec UniformRatio(int value, double ratio) => new() { Distribution = LengthDistributionKind.UniformRatio, Value = value, Ratio = ratio };

    /// <summary>Smallest length of <c>uniform_ratio</c>: ceil(ratio·value), at least 1.</summary>
    /// <remarks>A method, not a property, so the resolved scenario's JSON does not carry it.</remarks>
    public int RatioMinimum() => Math.Max(1, (int)Math.Ceiling(Ratio!.Value * Value!.Value));

    /// <summary>Problems with this section; <paramref name="keyPath"/> is where it sits (<c>workload.input_tokens</c>).</summary>
    public IEnumerable<SpecError> Validate(string keyPath)
    {
        var errors = new List<SpecError>();
        void Error(string key, string problem) => errors.Add(new SpecError($"{keyPath}.{key}", problem));
        void Unused(string key, object? value)
        {
            if (value is not null)
            {
                Error(key, $"is not used by distribution '{Name(Distribution)}'");
            }
        }

        // Distributions set by one length (fixed, uniform_ratio) use none of the other shape keys.
        void UnusedBesidesValue()
        {
            Unused("min", Min);
            Unused("max", Max);
            Unused("mean", Mean);
            Unused("median", Median);
            Unused("sigma", Sigma);
            Unused("exponent", Exponent);
            Unused("path", Empirical);
        }

        if (Min is < 1)
        {
            Error("min", "must be >= 1 token");
        }

        if (Min is { } lo && Max is { } hi && hi < lo)
        {
            Error("max", $"must be >= min ({lo.ToString(CultureInfo.InvariantCulture)})");
        }

        if (Distribution != LengthDistributionKind.UniformRatio)
        {
            Unused("ratio", Ratio);
        }

        switch (Distribution)
        {
            case LengthDistributionKind.Fixed:
                if (Value is not { } v || v < 1)
                {
                    Error("value", "is required for distribution 'fixed' and must be >= 1 token");
                }

                UnusedBesidesValue();
                break;
            case LengthDistributionKind.Uniform:
                if (Min is null)
                {
                    Error("min", "is required for distribution 'uniform'");
                }

                if (Max is null)
                {
                    Error("max", "is required for distribution 'uniform'");
                }

                Unused("value", Value);
                Unused("mean", Mean);
                Unused("median", Median);
                Unused("sigma", Sigma);
                Unused("exponent", Exponent);
                Unused("path", Empirical);
                break;
            case LengthDistributionKind.LogNormal:
                if (Sigma is not { } s || !double.IsFinite(s) || s <= 0 || s > 10)
                {
                    Error("sigma", "is required for distribution 'lognormal' and must be > 0 and <= 10");
                }

                if (Mean is null == Median is null)
                {
                    Error("mean", "set exactly one of mean or median for distribution 'lognormal'");
                }
                else if ((Mean ?? Median) is not { } m || !double.IsFinite(m) || m < 1)
                {
                    Error(Mean is null ? "median" : "mean", "must be >= 1 token");
                }

                Unused("value", Value);
                Unused("exponent", Exponent);
                Unused("path", Empirical);
                break;
            case LengthDistributionKind.Zipf:
                if (Max is not { } zmax || zmax < 1 || zmax > MaxZipfSupport)
                {
                    Error("max", $"is required for distribution 'zipf' and must be in 1..{MaxZipfSupport.ToString(CultureInfo.InvariantCulture)}");
                }

                if (Exponent is not { } e || !double.IsFinite(e) || e < 0 || e > 20)
                {
                    Error("exponent", "is required for distribution 'zipf' and must be >= 0 and <= 20");
                }

                Unused("value", Value);
                Unused("mean", Mean);
                Unused("median", Median);
                Unused("sigma", Sigma);
                Unused("path", Empirical);
                break;
            case LengthDistributionKind.Empirical:
                if (Empirical is null || string.IsNullOrWhiteSpace(Empirical.Path))
                {
                    Error("path", "is required for distribution 'empirical' (a file of lengths or a trace)");
                }
                else if (Empirical.Format is { } f && !Enum.IsDefined(f))
                {
                    Error("format", $"unknown trace format; allowed: {TraceFormats.AllowedNames}");
                }

                if (Empirical is { } emp && !Enum.IsDefined(emp.Column))
                {
                    Error("column", "must be input or output");
                }

                Unused("min", Min);
                Unused("max", Max);
                Unused("value", Value);
                Unused("mean", Mean);
                Unused("median", Median);
                Unused("sigma", Sigma);
                Unused("exponent", Exponent);
                break;
            case LengthDistributionKind.UniformRatio:
                if (Value is not { } top || top < 1)
                {
                    Error("value", "is required for distribution 'uniform_ratio' (the longest length) and must be >= 1 token");
                }

                if (Ratio is not { } r || !double.IsFinite(r) || r < 0 || r > 1)
                {
                    Error("ratio", "is required for distribution 'uniform_ratio' and must be in [0, 1] (lengths are uniform in [ratio * value, value])");
                }

                UnusedBesidesValue();
                break;
            default:
                Error("distribution", $"unknown distribution; allowed: {AllowedDistributions}");
                break;
        }

        return errors;
    }

    /// <summary>The YAML name of a distribution.</summary>
    public static string Name(LengthDistributionKind kind) =>
        kind == LengthDistributionKind.UniformRatio ? "uniform_ratio" : kind.ToString().ToLowerInvariant();
}
