using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;

namespace ClusterSim.Serving;

/// <summary>
/// Times one operator for a step pricer: GEMMs of known shape from the kernel tables or the GEMM tile model
/// (<see cref="GemmPricer"/>), attention cores from the attention tables when they cover the shape
/// (<see cref="AttentionTablePricer"/>), other compute and memory kernels on the roofline (launch overhead left out when a
/// step replays CUDA graphs; the pricer adds one launch per step), tensor-parallel all-reduces on the fabric line.
/// Adds the time to the compute-bound, memory-bound or communication total it belongs to, and books its provenance.
/// </summary>
internal readonly struct OperatorTimer(RooflineModel roofline, GemmPricer gemms, AttentionTablePricer? attention, DataType[] computeTypes, bool cudaGraphs, int attentionTp, KernelTimeLedger ledger)
{
    /// <summary>The ledger this timer books provenance in.</summary>
    public KernelTimeLedger Ledger => ledger;

    /// <summary>Adds <paramref name="op"/>'s time to the matching total.</summary>
    public void Add(in OperatorCost op, CommunicationCosts communication, ref double compute, ref double memory, ref double comm)
    {
        if (op.Class == OpClass.Communication)
        {
            // Tensor-parallel all-reduce: the op carries 2(n-1)/n of the payload as bytes sent.
            var n = attentionTp;
            var payload = n > 1 ? op.BytesRead * n / (2.0 * (n - 1)) : 0;
            var allReduce = communication.AllReduceNs(payload);
            ledger.AddCommunication(KernelProvenance.None, allReduce, ledger.Weight);
            comm += allReduce;
            return;
        }

        var price = KernelPricing.Price(op, computeTypes[(int)op.ComputeType], roofline, gemms, attention);
        var ns = price.Nanoseconds + (cudaGraphs ? 0 : roofline.Spec.KernelLaunchOverhead.Value.Nanoseconds);
        ledger.Add(price.Source, ns);
        if (price.ComputeBound)
        {
            compute += ns;
        }
        else
        {
            memory += ns;
        }
    }
}
