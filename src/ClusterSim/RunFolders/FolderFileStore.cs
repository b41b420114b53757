namespace ClusterSim.RunFolders;

/// <summary>Files in a folder on disk, each written under a temporary name and renamed on commit.</summary>
/// <param name="folder">The run folder; it must exist.</param>
public sealed class FolderFileStore(string folder) : IRunFileStore
{
    /// <summary>The folder's absolute path.</summary>
    public string FullPath { get; } = Path.GetFullPath(folder);

    /// <inheritdoc />
    public IRunFile Create(string fileName) => PendingFile.Create(Path.Combine(FullPath, fileName));
}
