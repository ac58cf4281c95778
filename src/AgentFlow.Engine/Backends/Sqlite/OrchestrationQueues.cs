using System.Threading.Channels;
using DurableTask.Core;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>
/// In-memory view of the orchestration inbox (the durable copy is the <c>messages</c> table): visible messages per
/// instance, which instances are locked by a work item, which are ready, and a timer heap for future messages.
/// </summary>
internal sealed class OrchestrationQueues
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly PriorityQueue<PendingMessage, DateTime> _timers = new();
    private readonly HashSet<long> _known = [];

    // Consumed ids the poller might still see in an older snapshot; pruned once polling has passed them.
    private readonly HashSet<long> _consumed = [];
    private long _polledUpTo;
    private TaskCompletionSource _timerChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelReader<string> Ready => _ready.Reader;

    /// <summary>True when the message is held in memory or was consumed already.</summary>
    public bool IsKnown(long id)
    {
        lock (_gate)
        {
            return _known.Contains(id) || _consumed.Contains(id);
        }
    }

    /// <summary>Highest message id the poller has read.</summary>
    public long PolledId
    {
        get
        {
            lock (_gate)
            {
                return _polledUpTo;
            }
        }
    }

    /// <summary>
    /// Adds messages (once each, by id); future ones wait in the timer heap. <paramref name="committedHere"/> marks
    /// messages this process just committed: the poller may have read (and a work item consumed) them already, so
    /// any id the poller has passed is skipped rather than delivered twice.
    /// </summary>
    public void Add(IEnumerable<PendingMessage> messages, DateTime now, bool committedHere = false)
    {
        lock (_gate)
        {
            foreach (var message in messages)
            {
                if ((committedHere && message.Id <= _polledUpTo) || _consumed.Contains(message.Id) || !_known.Add(message.Id))
                {
                    continue;
                }

                if (message.VisibleAt > now)
                {
                    var earliest = _timers.TryPeek(out _, out var due) ? due : DateTime.MaxValue;
                    _timers.Enqueue(message, message.VisibleAt);
                    if (message.VisibleAt < earliest)
                    {
                        _timerChanged.TrySetResult();
                    }

                    continue;
                }

                Deliver(message);
            }
        }
    }

    /// <summary>Moves due timers into their sessions; returns when the next one is due (or null).</summary>
    public DateTime? ReleaseDueTimers(DateTime now)
    {
        lock (_gate)
        {
            while (_timers.TryPeek(out var message, out var due) && due <= now)
            {
                _timers.Dequeue();
                Deliver(message);
            }

            return _timers.TryPeek(out _, out var next) ? next : null;
        }
    }

    /// <summary>Completes when a timer earlier than the current earliest is added.</summary>
    public Task TimerChanged
    {
        get
        {
            lock (_gate)
            {
                if (_timerChanged.Task.IsCompleted)
                {
                    _timerChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return _timerChanged.Task;
            }
        }
    }

    /// <summary>Locks a ready instance and takes its visible messages; null if it is locked or has none.</summary>
    public List<PendingMessage>? TryLock(string instanceId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(instanceId, out var session) || session.Locked || session.Messages.Count == 0)
            {
                return null;
            }

            session.Queued = false;
            session.Locked = true;
            var taken = session.Messages;
            session.Messages = [];
            return taken;
        }
    }

    /// <summary>
    /// For the work item that holds <paramref name="instanceId"/> (an extended session): takes the messages that
    /// arrived since, or returns a task that completes when some arrive.
    /// </summary>
    public (List<PendingMessage>? Taken, Task Arrived) TakeHeld(string instanceId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(instanceId, out var session))
            {
                session = new Session { Locked = true };
                _sessions[instanceId] = session;
            }

            if (session.Messages.Count > 0)
            {
                var taken = session.Messages;
                session.Messages = [];
                return (taken, Task.CompletedTask);
            }

            session.Arrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return (null, session.Arrived.Task);
        }
    }

    /// <summary>Unlocks an instance; <paramref name="putBack"/> messages (an abandoned work item) go back first.</summary>
    public void Unlock(string instanceId, IReadOnlyList<PendingMessage>? putBack = null)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(instanceId, out var session))
            {
                return;
            }

            session.Locked = false;
            if (putBack is { Count: > 0 })
            {
                session.Messages.InsertRange(0, putBack);
            }

            if (session.Messages.Count == 0)
            {
                _sessions.Remove(instanceId);
            }
            else
            {
                MarkReady(instanceId, session);
            }
        }
    }

    /// <summary>Forgets consumed message ids (they are deleted from the table in the same commit).</summary>
    public void Forget(IEnumerable<PendingMessage> consumed)
    {
        lock (_gate)
        {
            foreach (var message in consumed)
            {
                _known.Remove(message.Id);
                if (message.Id > _polledUpTo)
                {
                    _consumed.Add(message.Id);
                }
            }
        }
    }

    /// <summary>The poller has read every committed message up to <paramref name="id"/>.</summary>
    public void PolledUpTo(long id)
    {
        lock (_gate)
        {
            _polledUpTo = Math.Max(_polledUpTo, id);
            _consumed.RemoveWhere(c => c <= _polledUpTo);
        }
    }

    /// <summary>Drops everything held in memory (ownership of the hub was lost).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var session in _sessions.Values)
            {
                session.Arrived?.TrySetResult();
            }

            _sessions.Clear();
            _timers.Clear();
            _known.Clear();
            _consumed.Clear();
            _polledUpTo = 0;
            while (_ready.Reader.TryRead(out _))
            {
            }
        }
    }

    private void Deliver(PendingMessage message)
    {
        if (!_sessions.TryGetValue(message.InstanceId, out var session))
        {
            session = new Session();
            _sessions[message.InstanceId] = session;
        }

        session.Messages.Add(message);
        if (!session.Locked)
        {
            MarkReady(message.InstanceId, session);
        }
        else if (session.Arrived is { } arrived)
        {
            // The work item holding the instance waits in an extended session: hand it the message.
            session.Arrived = null;
            arrived.TrySetResult();
        }
    }

    private void MarkReady(string instanceId, Session session)
    {
        if (!session.Queued)
        {
            session.Queued = true;
            _ready.Writer.TryWrite(instanceId);
        }
    }

    private sealed class Session
    {
        public List<PendingMessage> Messages { get; set; } = [];

        public bool Locked { get; set; }

        public bool Queued { get; set; }

        /// <summary>Signalled when a message arrives for a locked instance whose work item waits for more.</summary>
        public TaskCompletionSource? Arrived { get; set; }
    }
}
