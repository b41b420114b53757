using ClusterSim.Engine;
using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Serving;

/// <summary>Counts finished KV transfers, their bytes and a sketch of their durations.</summary>
internal sealed class KvTransferTimes
{
    private readonly QuantileSketch _milliseconds = new();

    /// <summary>Transfers recorded.</summary>
    public long Transfers { get; private set; }

    /// <summary>Bytes recorded.</summary>
    public double Bytes { get; private set; }

    /// <summary>Records one finished transfer.</summary>
    public void Add(double bytes, SimDuration duration)
    {
        Transfers++;
        Bytes += bytes;
        _milliseconds.Add(duration.Nanoseconds / 1e6);
    }

    /// <summary>The summary with these counts; link figures are the caller's.</summary>
    public KvTransferSummary Summarize(string model, long abandoned, string? busiestLink = null, double busiestLinkBytes = 0, double busiestLinkBusyFraction = 0) => new(
        model,
        Transfers,
        Bytes,
        Transfers > 0 ? _milliseconds.Mean : 0,
        Transfers > 0 ? _milliseconds.Quantile(0.99) : 0,
        Transfers > 0 ? _milliseconds.Max : 0,
        abandoned,
        busiestLink,
        busiestLinkBytes,
        busiestLinkBusyFraction);
}
