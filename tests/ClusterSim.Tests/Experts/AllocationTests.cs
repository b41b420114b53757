using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Serving;
using ClusterSim.Tests.Afd;
using Xunit;

namespace ClusterSim.Tests.Experts;

public sealed class AllocationTests
{
    [Fact]
    public void Price_allocates_nothing_per_step_with_skewed_routing_and_eplb()
    {
        var model = Models.Catalog.Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(1, 8, 8, 1, 0, 8), model.Precision);
        var roofline = new RooflineModel(Hardware.Catalog.Load("h200"));
        var spec = new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1, GroupLimited: true, Drift: DriftKind.RandomWalk, DriftRate: 0.1);
        var now = SimTime.Zero;
        ExpertRouter Router() => new(
            ExpertPopularity.Create(spec, 256, 58, new RandomStream(1)),
            new RoutingSampler(256, 8, 8, 4, new RandomStream(2)),
            PlacementKind.Eplb,
            ExpertRebalanceSpec.Off,
            8,
            costs.ExpertsPerRank,
            new ExpertMigrationCost(0, 0, 0),
            () => now);
        // SM sharing on and H800's kernel tables read before the tile model: neither may allocate per step.
        var tables = ClusterSim.Kernels.KernelTables.Load(ClusterSim.Kernels.KernelTables.DirectoryOf(TestCatalog.Repository), "h800");
        var colocated = new StepPricer(costs, roofline, CommunicationCosts.None, new StepPricerOptions(2, true, 1, 58, 1, OverlapComputeStretch: 132.0 / 108, Kernels: tables, MaskedGroupedGemm: true), Router());
        var afd = new AfdStepPricer(costs, roofline, roofline, CommunicationCosts.None, new AfdCommunication(1000, 0.01, 1000, 0.01, 8, 8), Router(), new AfdPricerOptions(3, true, 58));
        var batch = AfdPricerTests.DecodeBatch(8, 32, 1500);
        foreach (IStepPricer pricer in new IStepPricer[] { colocated, afd })
        {
            var cost = default(StepCost);
            pricer.Price(batch, ref cost);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 50; i++)
            {
                now += SimDuration.FromMilliseconds(20);
                cost = default;
                pricer.Price(batch, ref cost);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
