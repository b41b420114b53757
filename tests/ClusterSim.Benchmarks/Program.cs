using System.Globalization;
using BenchmarkDotNet.Running;
using ClusterSim.Benchmarks.Workloads;

namespace ClusterSim.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (BenchmarkDotNet's switcher), or the quick CSV timing.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["quick-csv", ..])
        {
            QuickCsvTiming.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
