using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Serving;

/// <summary>
/// Times one operator for a step pricer: compute and memory kernels on the roofline (launch overhead left out when a
/// step replays CUDA graphs; the pricer adds one launch per step), tensor-parallel all-reduces on the fabric line.
/// Adds the time to the compute-bound, memory-bound or communication total it belongs to.
/// </summary>
internal readonly struct OperatorTimer(RooflineModel roofline, DataType[] computeTypes, bool cudaGraphs, int attentionTp)
{
    /// <summary>Adds <paramref name="op"/>'s time to the matching total.</summary>
    public void Add(in OperatorCost op, CommunicationCosts communication, ref double compute, ref double memory, ref double comm)
    {
        if (op.Class == OpClass.Communication)
        {
            // Tensor-parallel all-reduce: the op carries 2(n-1)/n of the payload as bytes sent.
            var n = attentionTp;
            var payload = n > 1 ? op.BytesRead * n / (2.0 * (n - 1)) : 0;
            comm += communication.AllReduceNs(payload);
            return;
        }

        var priced = roofline.Price(op.Flops, op.Bytes, OperatorRoofline.ClassOf(op.Class), computeTypes[(int)op.ComputeType]);
        var ns = cudaGraphs ? priced.DurationNanoseconds - priced.LaunchNanoseconds : priced.DurationNanoseconds;
        if (priced.Bound == RooflineBound.Compute)
        {
            compute += ns;
        }
        else
        {
            memory += ns;
        }
    }
}
