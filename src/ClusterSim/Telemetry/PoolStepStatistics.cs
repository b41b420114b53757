using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>Accumulated step records of one pool: where its busy time went.</summary>
public sealed class PoolStepStatistics
{
    /// <summary>Statistics for a pool with a number of instances.</summary>
    public PoolStepStatistics(string pool, int instances, int accelerators)
    {
        Pool = pool;
        Instances = instances;
        Accelerators = accelerators;
    }

    /// <summary>Pool name.</summary>
    public string Pool { get; }

    /// <summary>Instances in the pool.</summary>
    public int Instances { get; }

    /// <summary>Accelerators in the pool.</summary>
    public int Accelerators { get; }

    /// <summary>Steps run.</summary>
    public long Steps { get; private set; }

    /// <summary>Sum of step durations over instances, in nanoseconds.</summary>
    public double BusyNs { get; private set; }

    /// <summary>Critical-path nanoseconds in compute-bound operators.</summary>
    public double ComputeBoundNs { get; private set; }

    /// <summary>Critical-path nanoseconds in memory-bound operators.</summary>
    public double MemoryBoundNs { get; private set; }

    /// <summary>Exposed communication nanoseconds.</summary>
    public double CommunicationNs { get; private set; }

    /// <summary>Nanoseconds waiting for the slowest rank.</summary>
    public double ImbalanceNs { get; private set; }

    /// <summary>Tokens fed through the model (decode plus prefill).</summary>
    public long Tokens { get; private set; }

    /// <summary>Sum over steps of the pool-wide batch (tokens per step), for the mean batch.</summary>
    public double MeanBatchTokens => Steps == 0 ? 0 : (double)Tokens / Steps;

    /// <summary>Sum of tokens-per-expert over MoE steps, for the mean.</summary>
    public double TokensPerExpertSum { get; private set; }

    /// <summary>Sum of expert imbalance over MoE steps, for the mean.</summary>
    public double ExpertImbalanceSum { get; private set; }

    /// <summary>Steps with MoE layers.</summary>
    public long MoeSteps { get; private set; }

    /// <summary>Sum of per-expert imbalance (max/mean tokens per routed expert) over MoE steps, for the mean.</summary>
    public double ExpertLoadImbalanceSum { get; private set; }

    /// <summary>Tokens of MoE steps, the weight of the token-weighted imbalance means.</summary>
    public double MoeTokens { get; private set; }

    /// <summary>Sum over MoE steps of per-rank imbalance × the step's tokens (big steps count more).</summary>
    public double ExpertImbalanceTokenSum { get; private set; }

    /// <summary>Nanoseconds steps waited for expert weights to move.</summary>
    public double ExpertMigrationNs { get; private set; }

    /// <summary>Kernel nanoseconds priced from exact kernel-table rows (<see cref="StepCost.MeasuredKernelNs"/>, summed).</summary>
    public double MeasuredKernelNs { get; private set; }

    /// <summary>Kernel nanoseconds interpolated between kernel-table rows, summed.</summary>
    public double InterpolatedKernelNs { get; private set; }

    /// <summary>Kernel nanoseconds priced by the GEMM tile model, summed.</summary>
    public double TileModelKernelNs { get; private set; }

    /// <summary>Kernel nanoseconds priced by the plain roofline, summed.</summary>
    public double RooflineKernelNs { get; private set; }

    /// <summary>Communication nanoseconds priced from exact all-to-all table rows (<see cref="StepCost.MeasuredCommunicationNs"/>, summed).</summary>
    public double MeasuredCommunicationNs { get; private set; }

    /// <summary>Communication nanoseconds interpolated between all-to-all table rows, summed.</summary>
    public double InterpolatedCommunicationNs { get; private set; }

    /// <summary>Communication nanoseconds priced by the fabric's flow model, summed.</summary>
    public double FlowCommunicationNs { get; private set; }

    /// <summary>Adds one step's record.</summary>
    public void Add(in StepCost cost, int tokens)
    {
        Steps++;
        Tokens += tokens;
        BusyNs += cost.Duration.Nanoseconds;
        ComputeBoundNs += cost.ComputeBoundNs;
        MemoryBoundNs += cost.MemoryBoundNs;
        CommunicationNs += cost.CommunicationNs;
        ImbalanceNs += cost.ImbalanceNs;
        if (cost.TokensPerExpert > 0)
        {
            MoeSteps++;
            TokensPerExpertSum += cost.TokensPerExpert;
            ExpertImbalanceSum += cost.ExpertImbalance;
            ExpertLoadImbalanceSum += cost.ExpertLoadImbalance;
            MoeTokens += tokens;
            ExpertImbalanceTokenSum += cost.ExpertImbalance * tokens;
        }

        ExpertMigrationNs += cost.ExpertMigrationNs;
        MeasuredKernelNs += cost.MeasuredKernelNs;
        InterpolatedKernelNs += cost.InterpolatedKernelNs;
        TileModelKernelNs += cost.TileModelKernelNs;
        RooflineKernelNs += cost.RooflineKernelNs;
        MeasuredCommunicationNs += cost.MeasuredCommunicationNs;
        InterpolatedCommunicationNs += cost.InterpolatedCommunicationNs;
        FlowCommunicationNs += cost.FlowCommunicationNs;
    }
}
