namespace LsatsHub.Warehouse;

/// <summary>A warehouse command could not do its work; the message says why and names the culprit.</summary>
public class WarehouseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WarehouseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, naming the culprit.</param>
    public WarehouseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the culprit.</param>
    /// <param name="innerException">The cause.</param>
    public WarehouseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
