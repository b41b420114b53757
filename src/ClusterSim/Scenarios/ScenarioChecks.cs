using ClusterSim.Input;

namespace ClusterSim.Scenarios;

/// <summary>Checks across sections that no single key can make (the deployment must fit the cluster, and so on).</summary>
public static class ScenarioChecks
{
    /// <summary>Throws a one-line <see cref="InputException"/> for the first inconsistency found.</summary>
    public static void CheckConsistency(Scenario scenario)
    {
        var needed = scenario.Deployment.Accelerators;
        var have = scenario.Cluster.Accelerators;
        if (needed > have)
        {
            var detail = string.Join(" + ", scenario.Deployment.Pools.Select(p => $"{p.Name} {p.Instances}×{p.AcceleratorsPerInstance}"));
            throw new InputException(
                scenario.SourceFile,
                "deployment",
                $"needs {needed} accelerators ({detail}) but the cluster has {have} ({scenario.Cluster.Nodes} node{(scenario.Cluster.Nodes == 1 ? string.Empty : "s")} × {scenario.Cluster.AcceleratorsPerNode}); add nodes or shrink the pools");
        }

        foreach (var pool in scenario.Deployment.Pools)
        {
            var perNode = scenario.Cluster.AcceleratorsPerNode;
            if (pool.AcceleratorsPerInstance > perNode && pool.AcceleratorsPerInstance % perNode != 0)
            {
                throw new InputException(
                    scenario.SourceFile,
                    $"deployment.{pool.Name}.accelerators_per_instance",
                    $"{pool.AcceleratorsPerInstance} spans nodes of {perNode} unevenly; use a multiple of {perNode} or at most {perNode}");
            }
        }

        if (scenario.Deployment.Afd is { } afd)
        {
            CheckAfd(scenario, afd);
            if (scenario.Simulation.Fidelity == Fidelity.Layer)
            {
                // The AFD step pricer prices a whole ping-pong step and plans no per-layer stages; without this the
                // run failed while building the cluster (ArgumentException, exit 70) instead of saying so.
                throw new InputException(
                    scenario.SourceFile, "simulation.fidelity", "layer fidelity is not available with deployment.mode: afd; use fidelity: step");
            }

            if (scenario.FaultList.FirstOrDefault(f => f is not InstanceLossFault) is { } fault)
            {
                // The AFD step pricer has no per-accelerator speed and no collectives to re-price over a degraded NIC;
                // without this the fault's start failed with InvalidCastException (exit 70) in the fault injector.
                throw new InputException(
                    scenario.SourceFile,
                    fault.KeyPath + ".kind",
                    $"{(fault is StragglerFault ? "straggler" : "link")} faults are not available with deployment.mode: afd; allowed there: instance_loss");
            }
        }

        if (scenario.Simulation.Warmup >= scenario.Simulation.Duration)
        {
            throw new InputException(scenario.SourceFile, "simulation.warmup", "must be shorter than simulation.duration");
        }

        CheckWorkloadFiles(scenario);
    }

    /// <summary>A trace or empirical-lengths file the workload names must exist; the error names the scenario key.</summary>
    public static void CheckWorkloadFiles(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        switch (scenario.Workload)
        {
            case Workloads.TraceWorkloadSpec trace:
                CheckFile(scenario, "workload.trace.path", trace.Path, "trace");
                break;
            case Workloads.SyntheticWorkloadSpec synthetic:
                CheckLengthFiles(scenario, synthetic.InputTokens, synthetic.OutputTokens);
                break;
            case Workloads.ClosedLoopWorkloadSpec closed:
                CheckLengthFiles(scenario, closed.InputTokens, closed.OutputTokens);
                break;
        }
    }

    private static void CheckLengthFiles(Scenario scenario, Workloads.LengthDistributionSpec inputTokens, Workloads.LengthDistributionSpec outputTokens)
    {
        if (inputTokens.Empirical is { } input)
        {
            CheckFile(scenario, "workload.input_tokens.path", input.Path, "lengths");
        }

        if (outputTokens.Empirical is { } output)
        {
            CheckFile(scenario, "workload.output_tokens.path", output.Path, "lengths");
        }
    }

    private static void CheckFile(Scenario scenario, string keyPath, string path, string kind)
    {
        var full = Path.GetFullPath(Path.Combine(scenario.WorkloadBaseDirectory, path));
        if (!File.Exists(full))
        {
            throw new InputException(
                scenario.SourceFile, keyPath, $"{kind} file '{path}' not found (looked for '{full}'); relative paths resolve against the scenario's folder");
        }
    }

    /// <summary>AFD: expert ranks tile nodes like any instance (the expert hardware name is resolved by the deployment plan).</summary>
    private static void CheckAfd(Scenario scenario, AfdSection afd)
    {
        var perNode = scenario.Cluster.AcceleratorsPerNode;
        if (afd.ExpertAccelerators > perNode && afd.ExpertAccelerators % perNode != 0)
        {
            throw new InputException(
                scenario.SourceFile,
                "deployment.experts.accelerators_per_instance",
                $"{afd.ExpertAccelerators} spans nodes of {perNode} unevenly; use a multiple of {perNode} or at most {perNode}");
        }
    }
}
