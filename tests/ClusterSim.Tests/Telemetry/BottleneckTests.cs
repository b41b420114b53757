using ClusterSim.Engine;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Tests.Telemetry;

public sealed class BottleneckTests
{
    [Fact]
    public void Sentence_names_the_dominant_resource_first_with_the_link_kind()
    {
        // One step of 100 ms: 61 ms communication, 20 ms memory, 15 ms compute, 4 ms imbalance; the run lasted 200 ms.
        var pool = new PoolStepStatistics("decode", instances: 1, accelerators: 16);
        pool.Add(new StepCost { Duration = SimDuration.FromMilliseconds(100), CommunicationNs = 61e6, MemoryBoundNs = 20e6, ComputeBoundNs = 15e6, ImbalanceNs = 4e6 }, 512);
        var interNode = new CommunicationCosts(5000, 1e-3, 0, 0, AllToAllCrossesNodes: true);

        var sentence = Bottleneck.Sentence(pool, interNode.Collective, simulatedNs: 200e6);

        Assert.StartsWith("61% communication-bound (all-to-all on inter-node links), 20% memory-bound", sentence, StringComparison.Ordinal);
        Assert.Contains("busy 50% of the run", sentence, StringComparison.Ordinal);
        Assert.Contains("mean batch 512 tokens", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void CommunicationKind_tells_intra_node_all_to_all_and_tensor_parallel_apart()
    {
        Assert.Equal("all-to-all on intra-node links", Bottleneck.CommunicationKind(new CommunicationCosts(5000, 1e-3, 0, 0, false).Collective));
        Assert.Equal("tensor-parallel all-reduce on intra-node links", Bottleneck.CommunicationKind(new CommunicationCosts(0, 0, 3000, 1e-3, false).Collective));
    }

    [Fact]
    public void CommunicationKind_of_a_pool_without_all_to_all_or_tensor_parallelism_is_not_called_an_all_reduce()
    {
        var afdTp1 = new CommunicationCosts(0, 0, 0, 0, false);

        Assert.Equal("token transfers between attention and expert GPUs", Bottleneck.CommunicationKind(afdTp1.Collective));
    }

    [Fact]
    public void DominantOf_picks_the_largest_share()
    {
        Assert.Equal("imbalance", Bottleneck.DominantOf(new StepCost { ComputeBoundNs = 1, MemoryBoundNs = 2, CommunicationNs = 3, ImbalanceNs = 4 }));
        Assert.Equal("memory", Bottleneck.DominantOf(new StepCost { ComputeBoundNs = 1, MemoryBoundNs = 5, CommunicationNs = 3 }));
    }

    [Fact]
    public void Idle_pool_says_so()
    {
        var pool = new PoolStepStatistics("prefill", 1, 8);
        Assert.Equal("idle for the whole run", Bottleneck.Sentence(pool, CommunicationCosts.None.Collective, 1e9));
    }
}
