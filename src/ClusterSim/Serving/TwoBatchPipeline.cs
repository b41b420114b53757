namespace ClusterSim.Serving;

/// <summary>
/// The steady-state period of two micro-batches flowing through repeated layers on two lanes (compute and
/// communication), scheduled exactly as <see cref="LayerStepRunner"/> does at layer fidelity: a stage starts when its
/// micro-batch's previous stage is done and its lane is free, the first micro-batch first. Step fidelity uses it so
/// that both fidelities price two-batch overlap the same way without an event per stage.
/// </summary>
public static class TwoBatchPipeline
{
    private const int Layers = 6;
    private const int MaxStagesPerLayer = 8;

    /// <summary>
    /// Runs <see cref="Layers"/> repetitions of a layer's stages for two micro-batches and returns the per-layer period
    /// measured between the second and last repetition, and the extra time of the first (the pipeline fill).
    /// </summary>
    /// <param name="stageNs">Duration of each stage of one micro-batch in one layer.</param>
    /// <param name="isComm">True where the stage runs on the communication lane.</param>
    public static (double PeriodNs, double FillNs) Period(ReadOnlySpan<double> stageNs, ReadOnlySpan<bool> isComm)
    {
        var n = stageNs.Length;
        if (n == 0)
        {
            return (0, 0);
        }

        if (n > MaxStagesPerLayer)
        {
            throw new ArgumentException($"at most {MaxStagesPerLayer} stages per layer", nameof(stageNs));
        }

        var total = n * Layers;
        Span<double> laneFree = stackalloc double[2];
        Span<double> ready = stackalloc double[2];
        Span<int> next = stackalloc int[2];
        Span<double> layerEnd = stackalloc double[Layers];
        laneFree.Clear();
        ready.Clear();
        next.Clear();
        layerEnd.Clear();
        var now = 0.0;
        // Event-driven greedy list scheduling: at each instant, micro-batch 0 then 1 start their next stage if its
        // lane is free; time advances to the next stage end.
        Span<double> runningUntil = stackalloc double[2];
        Span<bool> running = stackalloc bool[2];
        running.Clear();
        while (next[0] < total || next[1] < total || running[0] || running[1])
        {
            for (var m = 0; m < 2; m++)
            {
                if (running[m] || next[m] >= total || ready[m] > now)
                {
                    continue;
                }

                var stage = next[m] % n;
                var lane = isComm[stage] ? 1 : 0;
                if (laneFree[lane] > now)
                {
                    continue;
                }

                var end = now + stageNs[stage];
                laneFree[lane] = end;
                running[m] = true;
                runningUntil[m] = end;
            }

            // Advance to the earliest running stage's end (ties: micro-batch 0 first, as the engine's FIFO would).
            var first = running[0] && (!running[1] || runningUntil[0] <= runningUntil[1]) ? 0 : 1;
            now = runningUntil[first];
            running[first] = false;
            ready[first] = now;
            var layer = next[first] / n;
            next[first]++;
            if (next[first] % n == 0)
            {
                layerEnd[layer] = Math.Max(layerEnd[layer], now);
            }
        }

        var period = (layerEnd[Layers - 1] - layerEnd[1]) / (Layers - 2);
        var fill = Math.Max(0, layerEnd[1] - (2 * period));
        return (period, fill);
    }
}
