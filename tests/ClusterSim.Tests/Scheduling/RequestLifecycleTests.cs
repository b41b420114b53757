using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Tests.Scheduling;

public sealed class RequestLifecycleTests
{
    private static RequestState Admitted()
    {
        var request = new RequestState(1, SimTime.Zero, 100, 10, null);
        request.Route(0, 2);
        request.Admit(5, 0, arrivesPrefilled: false, SimTime.Zero);
        return request;
    }

    [Fact]
    public void A_slot_is_released_once()
    {
        var request = Admitted();
        Assert.Equal(5, request.ReleaseSlot());
        Assert.Equal(-1, request.Slot);
        Assert.Throws<InvalidOperationException>(() => request.ReleaseSlot());
    }

    [Fact]
    public void A_request_ends_once_and_only_after_its_slot_is_released()
    {
        var request = Admitted();
        Assert.Throws<InvalidOperationException>(() => request.Drop("too late", SimTime.Zero));
        request.ReleaseSlot();
        request.Drop("unfinished at the drain limit", SimTime.Zero + SimDuration.FromSeconds(1));
        Assert.Equal(RequestPhase.Dropped, request.Phase);
        Assert.Equal("unfinished at the drain limit", request.DropReason);
        Assert.Throws<InvalidOperationException>(() => request.Drop("again", SimTime.Zero));
        Assert.Throws<InvalidOperationException>(() => request.Finish(SimTime.Zero));
        Assert.Throws<InvalidOperationException>(() => request.Requeue(RequeueCause.Preempted));
    }

    [Fact]
    public void Requeue_recomputes_the_prompt_and_counts_the_cause()
    {
        var request = Admitted();
        request.PrefilledTokens = 100;
        request.GeneratedTokens = 4;
        request.ReleaseSlot();
        request.Requeue(RequeueCause.Preempted);
        request.Requeue(RequeueCause.InstanceLost);
        Assert.Equal(104, request.PromptTokens);
        Assert.Equal(0, request.PrefilledTokens);
        Assert.Equal((1, 1), (request.Preemptions, request.FaultRequeues));
        Assert.Equal(RequestPhase.Waiting, request.Phase);
    }

    [Fact]
    public void Only_a_prefilled_request_starts_a_kv_transfer()
    {
        var request = Admitted();
        Assert.Throws<InvalidOperationException>(() => request.BeginTransfer(0));
        request.PrefilledTokens = 100;
        request.CompletePrefill();
        request.BeginTransfer(3);
        Assert.Equal((RequestPhase.Transferring, 3), (request.Phase, request.PrefillInstance));
    }
}
