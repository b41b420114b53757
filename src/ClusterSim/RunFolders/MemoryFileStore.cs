using System.Text;

namespace ClusterSim.RunFolders;

/// <summary>Files kept in memory: what the regression suite compares, written by the same code as a real run folder.</summary>
/// <remarks>
/// The suite targets memory rather than reading back a temporary folder: its cases run in parallel in tests and in
/// <c>baseline update</c>, and memory needs no folders to create and clean, while the bytes are the same ones
/// <see cref="RunFolderWriter"/> would put on disk.
/// </remarks>
public sealed class MemoryFileStore : IRunFileStore
{
    private readonly Dictionary<string, byte[]> committed = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IRunFile Create(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return new MemoryFile(this, fileName);
    }

    /// <summary>The committed contents of <paramref name="fileName"/> as UTF-8 text.</summary>
    /// <exception cref="FileNotFoundException">Nothing was committed under that name.</exception>
    public string ReadText(string fileName) =>
        committed.TryGetValue(fileName, out var bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw new FileNotFoundException($"{fileName} was not committed", fileName);

    /// <summary>The committed bytes of <paramref name="fileName"/> (a Parquet table).</summary>
    /// <exception cref="FileNotFoundException">Nothing was committed under that name.</exception>
    public byte[] ReadBytes(string fileName) =>
        committed.TryGetValue(fileName, out var bytes)
            ? bytes
            : throw new FileNotFoundException($"{fileName} was not committed", fileName);

    /// <summary>True when something was committed under <paramref name="fileName"/>.</summary>
    public bool Contains(string fileName) => committed.ContainsKey(fileName);

    private sealed class MemoryFile(MemoryFileStore owner, string fileName) : IRunFile
    {
        private readonly MemoryStream stream = new();
        private bool finished;

        public Stream Stream => finished ? throw new ObjectDisposedException(fileName) : stream;

        public void Commit()
        {
            ObjectDisposedException.ThrowIf(finished, this);
            finished = true;
            owner.committed[fileName] = stream.ToArray();
            stream.Dispose();
        }

        public void Dispose()
        {
            finished = true;
            stream.Dispose();
        }
    }
}
