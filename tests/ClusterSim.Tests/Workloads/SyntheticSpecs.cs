using ClusterSim.Workloads;

namespace ClusterSim.Tests.Workloads;

internal static class SyntheticSpecs
{
    public static SyntheticWorkloadSpec Poisson(double rate, long requests) => new(
        new ArrivalProcessSpec(ArrivalProcessKind.Poisson, rate),
        LengthDistributionSpec.Fixed(100),
        LengthDistributionSpec.Fixed(10),
        Requests: requests);

    public static SyntheticWorkloadSpec ConstantWithLengths(LengthDistributionSpec input, LengthDistributionSpec output, long requests) => new(
        new ArrivalProcessSpec(ArrivalProcessKind.Constant, 1000),
        input,
        output,
        Requests: requests);
}
