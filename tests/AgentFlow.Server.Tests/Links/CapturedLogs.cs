using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Tests.Links;

/// <summary>Keeps every message AgentFlow's loggers write, to check what the server logs (and that it never logs a token).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    /// <summary>The messages, with their exceptions, in order.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
