namespace ClusterSim.RunFolders;

/// <summary>Where the files of one run go: a folder on disk or memory.</summary>
public interface IRunFileStore
{
    /// <summary>Starts <paramref name="fileName"/>; it becomes visible under that name only when committed.</summary>
    IRunFile Create(string fileName);
}

/// <summary>One file being written; disposing it without <see cref="Commit"/> throws its contents away.</summary>
public interface IRunFile : IDisposable
{
    /// <summary>The stream to write; valid until commit or dispose.</summary>
    Stream Stream { get; }

    /// <summary>Makes the complete contents visible under the final name, replacing any previous file.</summary>
    void Commit();
}
