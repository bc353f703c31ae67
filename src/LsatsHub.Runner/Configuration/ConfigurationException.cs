namespace LsatsHub.Runner.Configuration;

/// <summary>A missing or malformed setting. The message names the variable and never its secret value.</summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException()
    {
    }

    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
