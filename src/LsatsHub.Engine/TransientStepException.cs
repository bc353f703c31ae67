namespace LsatsHub.Engine;

/// <summary>Thrown by a step to say: this attempt failed, but another may succeed.</summary>
public sealed class TransientStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransientStepException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public TransientStepException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TransientStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
