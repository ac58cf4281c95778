using System.Collections.Concurrent;
using AgentFlow.Triggers.Imap;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Triggers.Tests.Imap;

/// <summary>Records the runner's log event ids (e.g. 5206 "waiting for mail") and wakes the context's waiters.</summary>
public sealed class RecordingLogger(RecordingTriggerContext context) : ILogger<ImapTriggerRunner>
{
    public const int Waiting = 5206;

    private readonly ConcurrentQueue<(int Id, string Text)> _events = new();

    public int Count(int eventId) => _events.Count(e => e.Id == eventId);

    public IReadOnlyList<string> Lines => _events.Select(e => e.Text).ToList();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _events.Enqueue((eventId.Id, formatter(state, exception)));
        context.Signal();
    }
}
