using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>
/// The single writer of the database. Callers queue write units; the writer runs every unit that is waiting in one
/// transaction (group commit), so a burst of N work-item completions costs one commit instead of N. A failing unit is
/// retried alone so it cannot take its neighbours down with it.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private const int SmallBatch = 8;
    private readonly SqliteConnection _connection;
    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="write"/> inside a transaction, then <paramref name="afterCommit"/> once it is durable.</summary>
    public Task WriteAsync(Action<SqliteConnection, SqliteTransaction> write, Action? afterCommit = null)
    {
        var unit = new Unit(write, afterCommit, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(unit))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "the task hub database is closed");
        }

        return unit.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Unit>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            Drain(batch);
            if (batch.Count < SmallBatch)
            {
                // Under load more completions are a moment away: yielding once lets them join this commit,
                // which costs microseconds when idle and saves whole commits when busy.
                Thread.Yield();
                Drain(batch);
            }

            try
            {
                Commit(batch);
                Finish(batch, null);
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var unit in batch)
                {
                    try
                    {
                        Commit([unit]);
                        Finish([unit], null);
                    }
                    catch (Exception ex)
                    {
                        Finish([unit], ex);
                    }
                }
            }
            catch (Exception ex)
            {
                Finish(batch, ex);
            }
        }
    }

    private void Drain(List<Unit> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var unit))
        {
            batch.Add(unit);
        }
    }

    private void Commit(List<Unit> units)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var unit in units)
        {
            unit.Write(_connection, transaction);
        }

        transaction.Commit();
    }

    private static void Finish(List<Unit> units, Exception? error)
    {
        foreach (var unit in units)
        {
            if (error is not null)
            {
                unit.Done.TrySetException(error);
                continue;
            }

            try
            {
                unit.AfterCommit?.Invoke();
                unit.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                unit.Done.TrySetException(ex);
            }
        }
    }

    private sealed record Unit(Action<SqliteConnection, SqliteTransaction> Write, Action? AfterCommit, TaskCompletionSource Done);
}
