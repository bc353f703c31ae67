using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>An ILogger that keeps every message so tests can assert on what was logged.</summary>
public sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<LoggedMessage> _messages = new();

    public IReadOnlyList<LoggedMessage> Messages => _messages.ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue(new LoggedMessage(logLevel, formatter(state, exception)));
}
