using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Tests.Telemetry;

public sealed class RunEventLoggerTests
{
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    private static RequestState Finished(long id, double ttftMs, double e2eMs, int outputTokens)
    {
        var request = new RequestState(id, SimTime.Zero, 100, outputTokens, null)
        {
            GeneratedTokens = outputTokens,
            FirstToken = SimTime.Zero + SimDuration.FromMilliseconds(ttftMs),
        };
        request.Finish(SimTime.Zero + SimDuration.FromMilliseconds(e2eMs));
        return request;
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(20, true)]
    [InlineData(21, false)]
    public void EventSample_keeps_the_first_few_then_every_nth(long count, bool logged) =>
        Assert.Equal(logged, new EventSample(3, 10).Takes(count));

    [Fact]
    public void SLO_misses_are_logged_as_warnings_and_sampled()
    {
        var logger = new ListLogger();
        var events = new RunEventLogger(logger, ttftSloMs: 100, tpotSloMs: 10, new LogSampling(new EventSample(1, 1), new EventSample(1, 1), new EventSample(2, 5)));

        // TPOT = (e2e - ttft) / (tokens - 1) = (1050 - 50) / 100 = 10 ms: meets the SLO exactly, no warning.
        events.OnCompleted(Finished(1, 50, 1050, 101));
        // TTFT 150 ms > 100 ms: misses 1..6; logged: 1, 2 (first two), 5 (every 5th).
        for (var i = 0; i < 6; i++)
        {
            events.OnCompleted(Finished(10 + i, 150, 200, 2));
        }

        Assert.Equal(3, logger.Entries.Count);
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Contains("request 10 ", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("TTFT 150 ms > 100 ms", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("request 14 ", logger.Entries[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Drops_and_preemptions_are_logged_with_their_reason()
    {
        var logger = new ListLogger();
        var events = new RunEventLogger(logger, double.PositiveInfinity, double.PositiveInfinity);
        var dropped = new RequestState(7, SimTime.Zero, 100, 10, null);
        dropped.Drop("unfinished at the drain limit", SimTime.Zero + SimDuration.FromSeconds(2));

        events.OnCompleted(dropped);
        events.OnPreempted(new RequestState(8, SimTime.Zero, 100, 10, null));

        Assert.Equal(2, logger.Entries.Count);
        Assert.Contains("Dropped request 7 at 2 s: unfinished at the drain limit", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("Preempted request 8", logger.Entries[1].Message, StringComparison.Ordinal);
    }
}
