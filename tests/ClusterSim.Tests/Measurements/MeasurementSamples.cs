namespace ClusterSim.Tests.Measurements;

/// <summary>The synthetic sample measurement files under tests/ClusterSim.Tests/Measurements/Samples, and temporary bad ones.</summary>
internal static class MeasurementSamples
{
    /// <summary>The full path of sample <paramref name="name"/>.</summary>
    public static string Path(string name) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(TestCatalog.Repository.ScenariosDirectory)!, "tests", "ClusterSim.Tests", "Measurements", "Samples", name);

    /// <summary>Writes <paramref name="text"/> to a new file named <paramref name="name"/> in a fresh temporary folder.</summary>
    public static string Write(string name, string text)
    {
        var folder = Directory.CreateTempSubdirectory("measure-error-");
        var path = System.IO.Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
