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
            AddAllReduce(AllReducePayload(op), communication, ref comm);
            return;
        }

        Book(Price(op), ref compute, ref memory);
    }

    /// <summary>A compute or memory operator's time (launch included unless the step replays CUDA graphs), bound and provenance.</summary>
    public PricedOperator Price(in OperatorCost op)
    {
        var price = KernelPricing.Price(op, computeTypes[(int)op.ComputeType], roofline, gemms, attention);
        var ns = price.Nanoseconds + (cudaGraphs ? 0 : roofline.Spec.KernelLaunchOverhead.Value.Nanoseconds);
        return new PricedOperator(ns, price.ComputeBound, price.Source);
    }

    /// <summary>Books a priced operator in the ledger and adds its time to the compute or memory total.</summary>
    public void Book(in PricedOperator priced, ref double compute, ref double memory)
    {
        ledger.Add(priced.Source, priced.Ns);
        if (priced.ComputeBound)
        {
            compute += priced.Ns;
        }
        else
        {
            memory += priced.Ns;
        }
    }

    /// <summary>The payload of a tensor-parallel all-reduce: the op carries 2(n-1)/n of it as bytes sent.</summary>
    public double AllReducePayload(in OperatorCost op)
    {
        var n = attentionTp;
        return n > 1 ? op.BytesRead * n / (2.0 * (n - 1)) : 0;
    }

    /// <summary>Adds an all-reduce of <paramref name="payload"/> bytes on <paramref name="communication"/> (the costs in force) to the communication total.</summary>
    public void AddAllReduce(double payload, CommunicationCosts communication, ref double comm)
    {
        var allReduce = communication.AllReduceNs(payload);
        ledger.AddCommunication(KernelProvenance.None, allReduce, ledger.Weight);
        comm += allReduce;
    }
}

/// <summary>One compute or memory operator's time as a step pays it, whether compute bound, and where its price came from.</summary>
/// <param name="Ns">Nanoseconds, launch overhead included when the step does not replay CUDA graphs.</param>
/// <param name="ComputeBound">True when booked as compute-bound time, false as memory-bound.</param>
/// <param name="Source">Where the price came from (the ledger's column).</param>
internal readonly record struct PricedOperator(double Ns, bool ComputeBound, PricingSource Source);
