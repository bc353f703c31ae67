using Microsoft.Extensions.Logging;

namespace LsatsHub.Benchmarks;

/// <summary>Writes the steps' messages to stderr (<c>--trace</c>: SilverTransform's per-statement times, for profiling).</summary>
public sealed class ConsoleErrorLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Console.Error.WriteLine($"  [{logLevel}] {formatter(state, exception)}");
    }
}
