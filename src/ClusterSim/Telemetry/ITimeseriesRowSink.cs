namespace ClusterSim.Telemetry;

/// <summary>Where <see cref="TimeseriesWriter"/>'s rows go: timeseries.csv text or timeseries.parquet.</summary>
internal interface ITimeseriesRowSink
{
    /// <summary>Writes one row of the bucket that starts at <paramref name="bucketStartNs"/>.</summary>
    void Write(long bucketStartNs, in TimeseriesRow row);

    /// <summary>The run ended: push buffered rows on (the file itself is closed by its owner).</summary>
    void Flush();
}
