namespace ClusterSim.Telemetry;

/// <summary>
/// One row of timeseries.csv before formatting: a pool's (or one instance's) bucket. Shares are fractions of the
/// bucket's instance time; bytes and counts are the bucket's. A value passed by reference: rows are the writer's
/// whole cost, so making one allocates nothing.
/// </summary>
/// <param name="Scope">"pool" or "instance".</param>
/// <param name="Pool">The pool, for its name and link capacities.</param>
/// <param name="Instance">Index of the instance in its pool; -1 on a pool row.</param>
/// <param name="Busy">Share of the time in steps.</param>
/// <param name="Compute">Share in compute-bound operators.</param>
/// <param name="Memory">Share in HBM-bound operators.</param>
/// <param name="Communication">Share in exposed communication.</param>
/// <param name="Imbalance">Share waiting for the slowest rank.</param>
/// <param name="KvMax">Highest KV occupancy of a rank at the last sample.</param>
/// <param name="KvMean">Mean KV occupancy over ranks at the last sample.</param>
/// <param name="BatchTokens">Time-weighted tokens per step.</param>
/// <param name="Running">Requests running at the last sample.</param>
/// <param name="Queued">Requests queued at the last sample.</param>
/// <param name="OutputTokensPerSecond">Output tokens produced per second of the bucket.</param>
/// <param name="ScaleUpBytes">Estimated bytes on scale-up links.</param>
/// <param name="ScaleOutBytes">Estimated bytes on scale-out links.</param>
/// <param name="Instances">Instances the row covers (link capacity scales with them).</param>
/// <param name="Seconds">Length of the bucket in seconds.</param>
internal readonly record struct TimeseriesRow(
    string Scope,
    PoolTopology Pool,
    int Instance,
    double Busy,
    double Compute,
    double Memory,
    double Communication,
    double Imbalance,
    double KvMax,
    double KvMean,
    double BatchTokens,
    long Running,
    long Queued,
    double OutputTokensPerSecond,
    double ScaleUpBytes,
    double ScaleOutBytes,
    int Instances,
    double Seconds)
{
    /// <summary>Share of the scale-up links' capacity over the bucket that <see cref="ScaleUpBytes"/> fills.</summary>
    public double ScaleUpBusy => Share(ScaleUpBytes, Pool.Links.ScaleUpBytesPerSecond);

    /// <summary>Share of the scale-out links' capacity over the bucket that <see cref="ScaleOutBytes"/> fills.</summary>
    public double ScaleOutBusy => Share(ScaleOutBytes, Pool.Links.ScaleOutBytesPerSecond);

    private double Share(double bytes, double bytesPerSecond)
    {
        var capacity = bytesPerSecond * Instances * Seconds;
        return capacity > 0 ? bytes / capacity : 0;
    }
}
