using System.Threading.Channels;
using DurableTask.Core;
using DurableTask.Core.History;

namespace AgentFlow.Engine.InMemory;

/// <summary>
/// The in-memory task hub: instances (state, history, inbox) in one dictionary under one lock, a ready queue of
/// instance ids, an activity queue and a timer heap. A step's completion is applied at once, so the figures it gives
/// are what the engine costs without any store.
/// </summary>
public sealed partial class InMemoryOrchestrationService : IOrchestrationService, IOrchestrationServiceClient, IAsyncDisposable
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(5);
    private readonly object _gate = new();
    private readonly Dictionary<string, InMemoryInstance> _instances = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly Channel<TaskMessage> _activities = Channel.CreateUnbounded<TaskMessage>();
    private readonly PriorityQueue<TaskMessage, DateTime> _timers = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _maxOrchestrations;
    private readonly int _maxActivities;
    private TaskCompletionSource _timerChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _timerLoop = Task.CompletedTask;
    private long _activityIds;
    private long _activitiesPending;

    /// <summary>Creates an empty hub.</summary>
    public InMemoryOrchestrationService(int maxConcurrentOrchestrations, int maxConcurrentActivities)
    {
        _maxOrchestrations = Math.Max(1, maxConcurrentOrchestrations);
        _maxActivities = Math.Max(1, maxConcurrentActivities);
    }

    /// <summary>Raised after a step changed an instance's status or custom status.</summary>
    public event Action<string>? InstanceChanged;

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => _maxOrchestrations;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => _maxActivities;

    /// <inheritdoc />
    public Task CreateAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => recreateInstanceStore ? DeleteAsync() : Task.CompletedTask;

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task DeleteAsync() => DeleteAsync(true);

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore)
    {
        lock (_gate)
        {
            _instances.Clear();
            _timers.Clear();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartAsync()
    {
        if (_timerLoop.IsCompleted)
        {
            _timerLoop = Task.Run(() => TimerLoopAsync(_stopping.Token));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(false);

    /// <inheritdoc />
    public async Task StopAsync(bool isForced)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await _timerLoop.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 1;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 1;

    /// <summary>True for the statuses an instance does not leave by itself.</summary>
    internal static bool IsFinished(OrchestrationStatus? status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>True when the instance has messages due now that no step has committed yet.</summary>
    internal bool HasPendingMessages(string instanceId)
    {
        lock (_gate)
        {
            return _instances.TryGetValue(instanceId, out var instance) && (instance.Inbox.Count > 0 || instance.Taken.Count > 0);
        }
    }

    /// <summary>Orchestration messages due now and activities not yet completed, across the hub.</summary>
    internal long CountPendingWork()
    {
        lock (_gate)
        {
            return _instances.Values.Sum(i => (long)(i.Inbox.Count + i.Taken.Count)) + Interlocked.Read(ref _activitiesPending);
        }
    }

    /// <summary>Delivers a message now, or into the timer heap when it is due later. Caller holds the lock.</summary>
    private void Deliver(TaskMessage message, DateTime now)
    {
        var due = message.Event switch
        {
            TimerFiredEvent timer => timer.FireAt,
            ExecutionStartedEvent { ScheduledStartTime: { } start } => start,
            _ => now,
        };
        if (due > now)
        {
            var earliest = _timers.TryPeek(out _, out var first) ? first : DateTime.MaxValue;
            _timers.Enqueue(message, due);
            if (due < earliest)
            {
                _timerChanged.TrySetResult();
            }

            return;
        }

        var id = message.OrchestrationInstance.InstanceId;
        if (!_instances.TryGetValue(id, out var instance))
        {
            instance = new InMemoryInstance();
            _instances[id] = instance;
        }

        if (message.Event is ExecutionStartedEvent started && (instance.State is null || instance.IsFinished) && instance.Holder is null)
        {
            // A sub-run (or a continued execution) starts here: it is Pending until its first step commits.
            Reset(instance, message.OrchestrationInstance, started, now);
        }

        instance.Inbox.Add(message);
        MarkReady(id, instance);
    }

    /// <summary>Starts a new execution of an instance: empty history, Pending state. Caller holds the lock.</summary>
    private static void Reset(InMemoryInstance instance, OrchestrationInstance id, ExecutionStartedEvent started, DateTime now)
    {
        instance.History = [];
        instance.Inbox = [];
        if (instance.Finished.Task.IsCompleted)
        {
            instance.Finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        instance.State = new OrchestrationState
        {
            OrchestrationInstance = id,
            Name = started.Name,
            Version = started.Version,
            Input = started.Input,
            Tags = started.Tags,
            OrchestrationStatus = OrchestrationStatus.Pending,
            CreatedTime = now,
            LastUpdatedTime = now,
            ScheduledStartTime = started.ScheduledStartTime,
            ParentInstance = started.ParentInstance,
        };
    }

    /// <summary>Queues an unheld instance with messages for the next work item. Caller holds the lock.</summary>
    private void MarkReady(string instanceId, InMemoryInstance instance)
    {
        if (instance.Holder is null && !instance.Queued && instance.Inbox.Count > 0)
        {
            instance.Queued = true;
            _ready.Writer.TryWrite(instanceId);
        }
    }

    private async Task TimerLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task changed;
            TimeSpan wait;
            lock (_gate)
            {
                var now = DateTime.UtcNow;
                while (_timers.TryPeek(out var message, out var due) && due <= now)
                {
                    _timers.Dequeue();
                    Deliver(message, due);
                }

                if (_timerChanged.Task.IsCompleted)
                {
                    _timerChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                changed = _timerChanged.Task;
                wait = _timers.TryPeek(out _, out var next) ? next - now : Timeout.InfiniteTimeSpan;
            }

            // A linked source per wait, cancelled after it, so a wait cut short by a new timer leaves nothing registered.
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(changed, Task.Delay(wait, wake.Token)).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
        }
    }
}
