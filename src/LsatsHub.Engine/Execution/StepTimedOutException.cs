namespace LsatsHub.Engine.Execution;

/// <summary>An attempt ran past its step's timeout and was cancelled. Never retried.</summary>
internal sealed class StepTimedOutException : Exception
{
    public StepTimedOutException()
    {
    }

    public StepTimedOutException(string message)
        : base(message)
    {
    }

    public StepTimedOutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
