namespace ClusterSim.Serving;

/// <summary>What the KV transfers of a disaggregated run added up to (the <c>kv_transfer</c> block of summary.json).</summary>
/// <param name="Model">How transfers were priced: "fair-share" or "alpha-beta" flows on the live fabric, or "priced" (each alone).</param>
/// <param name="Transfers">Transfers that reached their decode rank.</param>
/// <param name="Bytes">KV bytes those transfers carried.</param>
/// <param name="MeanMs">Mean time from the end of prefill to the last byte landing, in milliseconds.</param>
/// <param name="P99Ms">99th percentile of that time, in milliseconds.</param>
/// <param name="MaxMs">Longest transfer, in milliseconds.</param>
/// <param name="Abandoned">Transfers still in flight when the run ended (their requests are counted as dropped).</param>
/// <param name="BusiestLink">Name of the link that carried the most KV bytes; null without a live fabric.</param>
/// <param name="BusiestLinkBytes">Bytes that link carried.</param>
/// <param name="BusiestLinkBusyFraction">Share of the run during which at least one transfer was sending over it.</param>
public sealed record KvTransferSummary(
    string Model,
    long Transfers,
    double Bytes,
    double MeanMs,
    double P99Ms,
    double MaxMs,
    long Abandoned,
    string? BusiestLink,
    double BusiestLinkBytes,
    double BusiestLinkBusyFraction);
