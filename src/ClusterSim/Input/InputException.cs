namespace ClusterSim.Input;

/// <summary>
/// A problem a user caused in an input file (scenario, hardware, model or trace). Its message is one line:
/// "file: key.path: what is wrong; what is allowed". The CLI prints it and exits with code 2.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the error for a file, a key path (or "row N") and a description.</summary>
    public InputException(string file, string keyPath, string problem)
        : base(Format(file, keyPath, problem))
    {
        File = file;
        KeyPath = keyPath;
        Problem = problem;
    }

    /// <summary>Creates the error wrapping a lower-level cause (kept for debugging, never shown to users).</summary>
    public InputException(string file, string keyPath, string problem, Exception inner)
        : base(Format(file, keyPath, problem), inner)
    {
        File = file;
        KeyPath = keyPath;
        Problem = problem;
    }

    /// <summary>The file at fault, as the user named it.</summary>
    public string File { get; }

    /// <summary>The dotted key path ("deployment.decode.experts.ep") or row ("row 17"); empty for the whole file.</summary>
    public string KeyPath { get; }

    /// <summary>What is wrong and what is allowed.</summary>
    public string Problem { get; }

    private static string Format(string file, string keyPath, string problem) =>
        string.IsNullOrEmpty(keyPath) ? $"{file}: {problem}" : $"{file}: {keyPath}: {problem}";
}
