namespace ClusterSim.Cli;

/// <summary>Entry point of the clustersim command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args) => args.Length >= 0 ? 2 : 0;
}
