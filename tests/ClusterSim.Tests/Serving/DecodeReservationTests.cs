using ClusterSim.Engine;
using ClusterSim.Scheduling;
using static ClusterSim.Tests.Serving.DecodeReservationHarness;

namespace ClusterSim.Tests.Serving;

/// <summary>
/// Decode back-pressure (<c>scheduler.decode_reservation</c>) on a cluster followed by hand: one prefill and one decode
/// instance of one rank, fixed step and transfer times. Every request has a 100-token prompt and 5 output tokens, so
/// a decode reservation is ceil((100 + 1) / 16) = 7 blocks, and the slot never outgrows them (104 tokens at most, 112
/// in 7 blocks). A decode cache of 14 blocks holds exactly two requests. A prefill step holds one prompt.
/// </summary>
public sealed class DecodeReservationTests
{
    private const int Prompt = 100;
    private const int Output = 5;
    private const int TwoRequests = 14;

    private static readonly SimDuration PrefillStep = SimDuration.FromMilliseconds(10);
    private static readonly SimDuration Transfer = SimDuration.FromMilliseconds(3);

    private static IEnumerable<ClusterSim.Workloads.RequestArrival> AtZero(int count) =>
        Enumerable.Range(0, count).Select(i => Request(i, 0, Prompt, Output));

    [Fact]
    public void The_third_request_starts_prefill_only_when_the_first_finishes_decoding_and_waits_the_hand_computed_time()
    {
        // Prefill 10 ms a step, transfer 3 ms, decode 4 ms a step; three requests at t = 0, decode KV for two.
        // req0: reserved at 0, prefill [0, 10) (first token at 10), lands at 13, decodes 13-17-21-25-29: done at 29.
        // req1: reserved at 0, prefill [10, 20), lands at 23 (admitted into its slot at once), decodes in the steps
        //       25-29-33-37-41 (tokens 2 to 5): done at 41.
        // req2: no room until req0 ends at 29: reserved at 29 (wait 29 ms), prefill [29, 39) (TTFT 39 ms), lands at 42,
        //       decodes 42-46-50-54-58: done at 58.
        var run = new DecodeReservationHarness(TwoRequests, reservation: true, AtZero(3), PrefillStep, SimDuration.FromMilliseconds(4), Transfer).Run();

        var (req0, req1, req2) = (run.EndedRequest(0), run.EndedRequest(1), run.EndedRequest(2));
        Assert.Equal(29, req0.Finished.TotalMilliseconds, 9);
        Assert.Equal(41, req1.Finished.TotalMilliseconds, 9);
        Assert.Equal(0, req0.DecodeReserved.TotalMilliseconds, 9);
        Assert.Equal(0, req1.DecodeReserved.TotalMilliseconds, 9);
        Assert.Equal(29, (req2.DecodeReserved - req2.Arrival).TotalMilliseconds, 9);
        Assert.Equal(req0.Finished, req2.FirstScheduled);
        Assert.Equal(39, (req2.FirstToken - req2.Arrival).TotalMilliseconds, 9);
        Assert.Equal(58, req2.Finished.TotalMilliseconds, 9);
        Assert.All(run.Ended, r => Assert.Equal(RequestPhase.Finished, r.Phase));
        Assert.Equal(0, run.PeakDecodeQueue);
        Assert.Equal(TwoRequests, run.PeakDecodeBlocks);
        Assert.Equal(0, run.DecodeRank.KvCache.UsedBlocks);
        Assert.Equal(0, run.DecodeRank.Reservations);
    }

    [Fact]
    public void Without_reservations_prefill_runs_ahead_and_the_third_request_has_its_first_token_at_30_ms()
    {
        // The earlier behaviour: req2 is prefilled in [20, 30) while decode still holds two requests (until 29); no
        // reservation, so its first token comes at 30 instead of 39.
        var run = new DecodeReservationHarness(TwoRequests, reservation: false, AtZero(3), PrefillStep, SimDuration.FromMilliseconds(4), Transfer).Run();

        var req2 = run.EndedRequest(2);
        Assert.Equal(30, (req2.FirstToken - req2.Arrival).TotalMilliseconds, 9);
        Assert.Equal(SimTime.MaxValue, req2.DecodeReserved);
        Assert.Null(run.Cluster.Reservations);
    }

    [Fact]
    public void Under_overload_the_decode_queue_stays_empty_with_reservations_and_grows_to_ten_without()
    {
        // Twelve requests at t = 0; decode is slow (37 ms a step) so prefill (10 ms a request) outruns it.
        // Without reservations: the last prompt is prefilled by 120 ms and lands at 123 ms, while req0 (landed at 13)
        // finishes only at 13 + 4 × 37 = 161 ms: at the decode step ending at 124 ms, two run and ten wait in the queue.
        var decodeStep = SimDuration.FromMilliseconds(37);
        var free = new DecodeReservationHarness(TwoRequests, reservation: false, AtZero(12), PrefillStep, decodeStep, Transfer).Run();
        Assert.Equal(10, free.PeakDecodeQueue);
        Assert.Equal(12, free.PeakDecodeAssigned);

        // With reservations: the decode rank never has a queue, holds at most two requests (its KV), never over capacity;
        // the other ten wait in front of prefill.
        var held = new DecodeReservationHarness(TwoRequests, reservation: true, AtZero(12), PrefillStep, decodeStep, Transfer).Run();
        Assert.Equal(0, held.PeakDecodeQueue);
        Assert.Equal(2, held.PeakDecodeAssigned);
        Assert.Equal(TwoRequests, held.PeakDecodeBlocks);
        Assert.Equal(10, held.Cluster.Reservations!.PeakWaiting);
        Assert.Equal(12, held.Cluster.Reservations.Granted);
        Assert.Equal(12, held.Ended.Count(r => r.Phase == RequestPhase.Finished));

        // Every request after the first two is reserved exactly when an earlier one finishes decoding.
        var finishes = held.Ended.Select(r => r.Finished).ToHashSet();
        Assert.All(held.Ended.Where(r => r.Id >= 2), r => Assert.Contains(r.DecodeReserved, finishes));
    }

    [Theory]
    [InlineData(35)] // req3 is being prefilled ([30, 40)), req0-2 are on the decode rank, req4-11 wait for a reservation
    [InlineData(42)] // req3's KV cache is crossing the fabric (lands at 43)
    public void At_the_drain_limit_every_reservation_is_given_back_once_and_every_request_counted_once(double stopMs)
    {
        // Decode KV for four requests (28 blocks): req0-3 are reserved at 0 and prefilled at 10, 20, 30, 40 ms.
        var run = new DecodeReservationHarness(28, reservation: true, AtZero(12), PrefillStep, SimDuration.FromMilliseconds(37), Transfer)
            .Run(SimTime.Zero + SimDuration.FromMilliseconds(stopMs));
        Assert.Equal(4, run.DecodeRank.Running.Count + run.DecodeRank.Reservations);
        Assert.Equal(stopMs == 42 ? 1 : 0, run.Cluster.TransfersInFlight);
        Assert.Equal(1, run.Prefill.Outstanding); // req3 holds its prefill slot until its KV cache lands
        Assert.Equal(8, run.Cluster.Reservations!.Waiting);

        var dropped = run.Cluster.DropUnfinished(run.Simulation.Now);

        // Conservation: completed + dropped = arrived, each request once; the decode cache is empty again (a second
        // release of a slot would have thrown), no reservation is left, nothing waits.
        Assert.Equal(12, dropped);
        Assert.Equal(12, run.Ended.Select(r => r.Id).Distinct().Count());
        Assert.Equal(12, run.Cluster.Arrived);
        Assert.All(run.Ended, r => Assert.Equal("unfinished at the drain limit", r.DropReason));
        Assert.Equal(0, run.DecodeRank.KvCache.UsedBlocks);
        Assert.Equal(0, run.DecodeRank.Reservations);
        Assert.Equal(0, run.Cluster.Reservations!.Held);
        Assert.Equal(0, run.Cluster.Reservations.Waiting);
        Assert.False(run.Cluster.HasWorkInFlight);
    }

    [Fact]
    public void A_decode_instance_lost_with_reservations_on_it_gives_them_back_once_and_every_request_finishes()
    {
        // Two decode instances of two requests each; least-tokens routing alternates: req0 and req2 reserve on d0, req1
        // and req3 on d1, req4 and req5 wait. Prefill one prompt per 10 ms: req1 lands on d1 at 23 ms. d1 is lost at
        // 25 ms: req1 (running there) is handed back and recomputed on d0, where it queues; req3 (still waiting for
        // prefill) keeps a reservation on the lost d1, which is cancelled when its prefill ends at 40 ms and it is routed
        // to d0 as without back-pressure. Everyone finishes on d0; both caches end empty (a second release would throw).
        var run = new DecodeReservationHarness(TwoRequests, reservation: true, AtZero(6), PrefillStep, SimDuration.FromMilliseconds(37), Transfer, decodeInstances: 2);
        var (d1Running, d1Reserved) = (-1, -1);
        run.Simulation.Schedule(SimDuration.FromMilliseconds(24), () => (d1Running, d1Reserved) = (run.DecodeRanks[1].Running.Count, run.DecodeRanks[1].Reservations));
        run.LoseDecodeInstanceAt(25, 1);
        run.Run();

        Assert.Equal((1, 1), (d1Running, d1Reserved)); // req1 running and req3's reservation on d1 just before the loss

        Assert.Equal(6, run.Ended.Count(r => r.Phase == RequestPhase.Finished));
        Assert.Equal(1, run.EndedRequest(1).FaultRequeues);
        Assert.Equal(0, run.EndedRequest(3).DecodeReserved.TotalMilliseconds, 9);
        Assert.All(run.Ended, r => Assert.Equal(0, r.Instance));
        Assert.All(run.DecodeRanks, rank => Assert.Equal(0, rank.KvCache.UsedBlocks));
        Assert.All(run.DecodeRanks, rank => Assert.Equal(0, rank.Reservations));
        Assert.Equal(0, run.Cluster.Reservations!.Held);
    }

    [Fact]
    public void A_preloaded_request_waits_for_its_reservation_and_skips_prefill()
    {
        // Preloaded: a reservation is the prompt alone (100 tokens, 7 blocks); req0 and req1 are reserved and admitted at
        // 0. req0 starts the first decode step alone ([0, 4): its first token at 4), req1 joins at the next: req0 decodes
        // 0-4-8-12-16-20 (done at 20), req1 4-8-...-24 (done at 24). req2 is reserved when req0 ends, at 20 (wait 20 ms),
        // and admitted into its slot while the step [20, 24) runs: first token at the end of [24, 28) (TTFT 28 ms),
        // done four steps later at 44. The prefill instance never steps.
        var run = new DecodeReservationHarness(TwoRequests, reservation: true, AtZero(3), PrefillStep, SimDuration.FromMilliseconds(4), Transfer, kvPreloaded: true).Run();

        var req2 = run.EndedRequest(2);
        Assert.Equal(20, run.EndedRequest(0).Finished.TotalMilliseconds, 9);
        Assert.Equal(24, run.EndedRequest(1).Finished.TotalMilliseconds, 9);
        Assert.Equal(20, (req2.DecodeReserved - req2.Arrival).TotalMilliseconds, 9);
        Assert.Equal(28, (req2.FirstToken - req2.Arrival).TotalMilliseconds, 9);
        Assert.Equal(44, req2.Finished.TotalMilliseconds, 9);
        Assert.Equal(0, run.Prefill.Steps);
        Assert.Equal(0, run.PeakDecodeQueue);
    }

    [Fact]
    public void A_prompt_no_decode_rank_can_hold_is_dropped_with_the_reason_instead_of_blocking_the_queue()
    {
        // 14 blocks hold 224 tokens: a 300-token prompt can never be reserved; the request behind it is served.
        var run = new DecodeReservationHarness(TwoRequests, reservation: true, [Request(0, 0, 300, Output), Request(1, 0, Prompt, Output)], PrefillStep, SimDuration.FromMilliseconds(4), Transfer).Run();

        Assert.Equal("prompt of 300 tokens exceeds the KV cache of a decode rank (224 tokens)", run.EndedRequest(0).DropReason);
        Assert.Equal(RequestPhase.Finished, run.EndedRequest(1).Phase);
        Assert.Equal(0, run.EndedRequest(1).DecodeReserved.TotalMilliseconds, 9);
    }

    [Fact]
    public void A_single_token_request_ends_at_prefill_and_needs_no_reservation()
    {
        // Output 1: prefill samples the only token; it holds no decode KV and never waits for any.
        var run = new DecodeReservationHarness(TwoRequests, reservation: true, AtZero(4).Select(a => a with { OutputTokens = 1 }), PrefillStep, SimDuration.FromMilliseconds(4), Transfer).Run();

        Assert.All(run.Ended, r => Assert.Equal(SimTime.MaxValue, r.DecodeReserved));
        Assert.Equal(40, run.Ended.Max(r => r.Finished).TotalMilliseconds, 9);
        Assert.Equal(0, run.Cluster.Reservations!.Granted);
    }
}
