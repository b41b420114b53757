using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Logging;
using ClusterSim.Cli.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace ClusterSim.Cli.Hosting;

/// <summary>Builds the generic host of one invocation: configuration, options, logging and services. It is never started.</summary>
public static class CliHost
{
    /// <summary>Prefix of environment variables that override settings (CLUSTERSIM_Runs__Directory).</summary>
    public const string EnvironmentPrefix = "CLUSTERSIM_";

    private const string ConsoleTemplate = "clustersim: {Level:u3} {" + Logging.CliLogTemplates.PointProperty + "}{Message:lj}{NewLine}{Exception}";

    /// <summary>Builds the host; <paramref name="verbose"/> lowers the console log level to Debug.</summary>
    public static IHost Build(CliEnvironment environment, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // No default sources: the tool's settings are exactly appsettings.json, CLUSTERSIM_* and overrides.
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "clustersim",
        });

        builder.Configuration
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix);
        if (environment.SettingsOverrides is { } overrides)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // One call per class, not a generic helper: the configuration binder's source generator (which replaces
        // reflection, so that a Native AOT build binds the same way) only sees calls with a concrete type.
        builder.Services.AddOptions<RunsOptions>().BindConfiguration(RunsOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RunsOptions>, RunsOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();

        builder.Services.AddSingleton(environment);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunLogSink>();
        builder.Services.AddSingleton(sp => new CliConsole(environment, sp.GetRequiredService<IOptions<ConsoleOptions>>().Value));
        builder.Services.AddSingleton<ProgressDisplay>();
        builder.Services.AddSingleton<IVerbHandler<RunArguments>, Run.RunHandler>();
        builder.Services.AddSingleton<IVerbHandler<BenchArguments>, Bench.BenchHandler>();
        builder.Services.AddSingleton<IVerbHandler<CompareArguments>, Compare.CompareHandler>();
        builder.Services.AddSingleton<IVerbHandler<BaselineUpdateArguments>, Compare.BaselineUpdateHandler>();
        builder.Services.AddSingleton<IVerbHandler<SweepArguments>, Sweep.SweepHandler>();
        builder.Services.AddSingleton<IVerbHandler<SweepMergeArguments>, Sweep.SweepMergeHandler>();
        builder.Services.AddSingleton<IVerbHandler<CapacityArguments>, Capacity.CapacityHandler>();
        builder.Services.AddSingleton<IVerbHandler<PlanArguments>, Plan.PlanHandler>();
        builder.Services.AddSingleton<IVerbHandler<PlanMergeArguments>, Plan.PlanMergeHandler>();
        builder.Services.AddSingleton<IVerbHandler<MeasureErrorArguments>, MeasureError.MeasureErrorHandler>();
        builder.Services.AddSingleton<IVerbHandler<CalibrateArguments>, Calibrate.CalibrateHandler>();
        builder.Services.AddSingleton<IVerbHandler<ValidateArguments>, Validate.ValidateHandler>();
        builder.Services.AddSingleton<IVerbHandler<TraceSummarizeArguments>, Trace.TraceSummarizeHandler>();
        builder.Services.AddSingleton<IVerbHandler<TraceRequestsArguments>, Trace.TraceRequestsHandler>();
        builder.Services.AddSingleton<IVerbHandler<TraceLogArguments>, Trace.TraceLogHandler>();
        builder.Services.AddSingleton<IVerbHandler<TraceReportArguments>, Trace.TraceReportHandler>();
        builder.Services.AddSingleton<IVerbHandler<AnalyzeArguments>, Analyze.AnalyzeHandler>();

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
        builder.Services.AddSerilog(
            (services, configuration) => ConfigureSerilog(services, builder.Configuration, configuration, environment, verbose),
            preserveStaticLogger: true);

        environment.ConfigureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Binds and validates every options class now, so a bad setting stops the tool before any work.
    /// </summary>
    /// <exception cref="UserErrorException">A setting is missing, malformed or out of range; the message names it.</exception>
    public static void ValidateSettings(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new UserErrorException("clustersim: invalid setting: " + string.Join("; ", e.Failures) + Hint, e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            var failures = e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures);
            throw new UserErrorException("clustersim: invalid setting: " + string.Join("; ", failures) + Hint, e);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            throw new UserErrorException("clustersim: invalid setting: " + e.Message + Hint, e);
        }
    }

    private const string Hint = " (check appsettings.json and CLUSTERSIM_* environment variables)";

    private static LogEventLevel ReadLevel(IConfiguration settings, string key, LogEventLevel fallback) =>
        Enum.TryParse<LogEventLevel>(settings[key], ignoreCase: false, out var level) && Enum.IsDefined(level) ? level : fallback;

    // Building the host already creates the logger, before ValidateSettings can report a bad setting in one line;
    // so levels are read leniently here (a bad value falls back to the default) and validated right after.
    private static void ConfigureSerilog(
        IServiceProvider services, IConfiguration settings, LoggerConfiguration configuration, CliEnvironment environment, bool verbose)
    {
        var consoleLevel = verbose ? LogEventLevel.Debug : ReadLevel(settings, ConsoleOptions.Section + ":LogLevel", LogEventLevel.Warning);
        var runLogLevel = ReadLevel(settings, RunsOptions.Section + ":LogLevel", LogEventLevel.Debug);
        var lowest = (LogEventLevel)Math.Min((int)consoleLevel, (int)runLogLevel);

        configuration
            .MinimumLevel.Is(lowest)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Sink(services.GetRequiredService<RunLogSink>(), runLogLevel);

        // Per-request simulation events (sampled preemptions, drops, SLO misses) go to log.clef only; with --verbose
        // the console shows them too.
        configuration.WriteTo.Logger(console =>
        {
            if (!verbose)
            {
                console.Filter.ByExcluding(IsSimulationEvent);
            }

            if (environment.WritesToConsole)
            {
                // Every level goes to stderr: stdout carries results only.
                console.WriteTo.Console(
                    restrictedToMinimumLevel: consoleLevel,
                    outputTemplate: ConsoleTemplate,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                    standardErrorFromLevel: LogEventLevel.Verbose);
            }
            else
            {
                var formatter = new MessageTemplateTextFormatter(ConsoleTemplate, System.Globalization.CultureInfo.InvariantCulture);
                console.WriteTo.Sink(new TextWriterSink(environment.Error, formatter), consoleLevel);
            }
        });
    }

    private static bool IsSimulationEvent(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id)
        && id is StructureValue structure
        && structure.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: int value } && value == ClusterSim.Telemetry.RunEventLogger.SimulationEvent.Id);
}
