namespace LsatsHub.Connectors;

/// <summary>
/// A source could not deliver what was asked (after retries): the message names the source, the
/// endpoint or search, and the status; never a credential. A connector throws this rather than
/// returning "no data".
/// </summary>
public sealed class ConnectorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, where.</param>
    public ConnectorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What failed, where.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
