namespace ClusterSim.Cli;

/// <summary>A mistake the user can fix (bad argument, existing output folder); its one-line message is shown as is.</summary>
public sealed class UserErrorException : Exception
{
    /// <summary>Creates the error with its one-line message.</summary>
    public UserErrorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its one-line message and the lower-level cause (never shown to users).</summary>
    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an error with a generic message; prefer the constructor taking a message.</summary>
    public UserErrorException()
        : base("invalid input")
    {
    }
}
