using DurableTask.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <content>Background loops: the hub lease, polling for other processes' messages, and timers.</content>
public sealed partial class SqliteOrchestrationService
{
    private async Task LeaseLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var held = false;
                await Writer.WriteAsync((c, t) => held = _lease.TryAcquire(c, t)).ConfigureAwait(false);
                if (held && !_owner)
                {
                    // Owner first, then load: a message committed meanwhile is then either delivered directly or
                    // read by the load (ids dedupe), never dropped in between.
                    _owner = true;
                    LoadQueues();
                    Log.BecameOwner(_logger, _settings.DatabasePath);
                }
                else if (!held && _owner)
                {
                    _owner = false;
                    _orchestrations.Clear();

                    // Another process may now change rows and history: what this one remembers of them is stale.
                    _persisted.Clear();
                    lock (_historyGate)
                    {
                        _history.Clear();
                    }

                    while (_activities.Reader.TryRead(out _))
                    {
                    }

                    Log.LostOwnership(_logger, _settings.DatabasePath);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A background loop must never die silently: log, and try again on the next round.
                Log.BackgroundFailed(_logger, "lease", ex);
            }

            var pause = _owner ? _lease.Duration / 3 : TimeSpan.FromMilliseconds(200);
            await Task.Delay(pause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Loads every queued message and activity: what a previous (perhaps killed) owner left behind.</summary>
    private void LoadQueues()
    {
        using var connection = OpenRead();
        using var transaction = connection.BeginTransaction(deferred: true);
        var (messages, maxId) = ReadMessages(connection, transaction, afterId: 0);
        using (var command = SqliteCommands.Command(connection, transaction, "SELECT id, message FROM activities ORDER BY id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                _activities.Writer.TryWrite((reader.GetInt64(0), SqliteSerializer.Deserialize<TaskMessage>(reader.GetString(1))));
            }
        }

        transaction.Commit();
        _orchestrations.Add(messages, DateTime.UtcNow);
        _orchestrations.PolledUpTo(maxId);
    }

    private async Task PollLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_settings.PollInterval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_owner || cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                using var connection = OpenRead();
                var (messages, maxId) = ReadMessages(connection, null, afterId: _orchestrations.PolledId);
                if (messages.Count > 0)
                {
                    _orchestrations.Add(messages, DateTime.UtcNow);
                }

                _orchestrations.PolledUpTo(maxId);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.BackgroundFailed(_logger, "poll", ex);
            }
        }
    }

    private async Task TimerLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _orchestrations.TimerChanged;
            var next = _orchestrations.ReleaseDueTimers(DateTime.UtcNow);
            var wait = next is { } due ? due - DateTime.UtcNow : TimeSpan.FromSeconds(1);
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
            await Task.WhenAny(changed, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Reads messages after <paramref name="afterId"/>, deserializing only those not already held in memory.</summary>
    private (List<PendingMessage> Messages, long MaxId) ReadMessages(SqliteConnection connection, SqliteTransaction? transaction, long afterId)
    {
        using var command = SqliteCommands.Command(connection, transaction, "SELECT id, instance_id, visible_at, message FROM messages WHERE id > $after ORDER BY id", ("$after", afterId));
        using var reader = command.ExecuteReader();
        var messages = new List<PendingMessage>();
        var maxId = afterId;
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            maxId = id;
            if (_orchestrations.IsKnown(id))
            {
                continue;
            }

            messages.Add(new PendingMessage(id, reader.GetString(1), SqliteCommands.FromUnixMs(reader.GetInt64(2)), SqliteSerializer.Deserialize<TaskMessage>(reader.GetString(3))));
        }

        return (messages, maxId);
    }
}
