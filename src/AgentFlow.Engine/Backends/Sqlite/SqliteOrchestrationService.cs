using System.Threading.Channels;
using AgentFlow.Abstractions.Configuration;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>
/// The embedded task hub: one SQLite file (WAL) holding instances, history, the orchestration inbox (with timers)
/// and the activity queue. The process that holds the hub lease runs work items from memory and writes each
/// completion once, in group-committed transactions; other processes sharing the file act as clients, and the
/// owner picks up what they write within one poll interval. A killed owner's lease is taken over by the next
/// process, which reloads every queued message, so nothing committed is lost and no completed step runs again.
/// </summary>
public sealed partial class SqliteOrchestrationService : IOrchestrationService, IOrchestrationServiceClient, IAsyncDisposable
{
    private static readonly string[] Tables = ["instances", "history", "messages", "activities"];
    private readonly SqliteBackendSettings _settings;
    private readonly ILogger _logger;
    private readonly OrchestrationQueues _orchestrations = new();
    private readonly Channel<(long Id, TaskMessage Message)> _activities = Channel.CreateUnbounded<(long, TaskMessage)>();
    private readonly Dictionary<string, (string ExecutionId, List<HistoryEvent> Events)> _history = new(StringComparer.Ordinal);
    private readonly object _historyGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _readGate = new(Math.Max(2, Environment.ProcessorCount));
    private readonly HubLease _lease;
    private readonly string _connectionString;
    private SqliteConnection? _writeConnection;
    private SqliteWriter? _writer;
    private Task _background = Task.CompletedTask;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<OrchestrationState>> _finished = new(StringComparer.Ordinal);
    private volatile bool _owner;

    /// <summary>Creates the service over <see cref="SqliteBackendSettings.DatabasePath"/>; nothing is opened until <see cref="CreateIfNotExistsAsync"/>.</summary>
    public SqliteOrchestrationService(SqliteBackendSettings settings, ILogger<SqliteOrchestrationService> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = settings;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = settings.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _lease = new HubLease(settings.LeaseDuration);
    }

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => _settings.MaxConcurrentOrchestrations;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => _settings.MaxConcurrentActivities;

    /// <summary>True while this process holds the hub lease and runs work items.</summary>
    public bool IsOwner => _owner;

    /// <inheritdoc />
    public Task CreateAsync() => CreateIfNotExistsAsync();

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => CreateIfNotExistsAsync();

    /// <inheritdoc />
    public async Task CreateIfNotExistsAsync()
    {
        if (_writeConnection is not null)
        {
            return;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            // The WAL is folded back into the database every 8,192 pages (32 MB) instead of SQLite's 1,000: fewer,
            // larger checkpoints, each copying a page rewritten many times once. Commits are as durable as before
            // (same synchronous setting). The writer's page cache may grow to 64 MB (SQLite's default is 2 MB), so
            // the history and queue pages a step touches stay in memory instead of being read back per commit.
            Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(_settings.Durability == SqliteDurability.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=8192; PRAGMA cache_size=-65536;");
            using var check = SqliteCommands.Command(connection, null, "PRAGMA quick_check");
            if (await check.ExecuteScalarAsync().ConfigureAwait(false) is string result && result != "ok")
            {
                throw new SqliteException($"integrity check failed: {result}", 11);
            }

            // The tables, the recorded schema version and its check are one write transaction (BEGIN IMMEDIATE): one
            // commit instead of one per statement, and a database of another version is left exactly as it was.
            using (var schema = connection.BeginTransaction(deferred: false))
            {
                using (var create = SqliteCommands.Command(connection, schema, SqliteSchema.Create + $"INSERT OR IGNORE INTO hub (key, value) VALUES ('schema', '{SqliteSchema.Version}');"))
                {
                    await create.ExecuteNonQueryAsync().ConfigureAwait(false);
                }

                using var version = SqliteCommands.Command(connection, schema, "SELECT value FROM hub WHERE key = 'schema'");
                if (await version.ExecuteScalarAsync().ConfigureAwait(false) is string stored && stored != SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    throw new ConfigurationException("dataDirectory", $"'{_settings.DatabasePath}' was written by another AgentFlow version (schema {stored}, this one uses {SqliteSchema.Version}). Move it aside to start fresh; nothing was changed.");
                }

                await schema.CommitAsync().ConfigureAwait(false);
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _writeConnection = connection;
        _writer = new SqliteWriter(connection);
    }

    /// <inheritdoc />
    public Task DeleteAsync() => DeleteAsync(true);

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore) =>
        Writer.WriteAsync((c, t) =>
        {
            foreach (var table in Tables)
            {
                using var command = SqliteCommands.Command(c, t, $"DELETE FROM {table}");
                command.ExecuteNonQuery();
            }
        });

    /// <inheritdoc />
    public async Task StartAsync()
    {
        await CreateIfNotExistsAsync().ConfigureAwait(false);
        _background = Task.WhenAll(
            Task.Run(() => LeaseLoopAsync(_stopping.Token)),
            Task.Run(() => PollLoopAsync(_stopping.Token)),
            Task.Run(() => TimerLoopAsync(_stopping.Token)));
    }

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(false);

    /// <inheritdoc />
    public async Task StopAsync(bool isForced)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _background.ConfigureAwait(false);
        if (_owner && _writer is not null)
        {
            _owner = false;
            await Writer.WriteAsync((c, t) => _lease.Release(c, t)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        _writeConnection?.Dispose();
        _stopping.Dispose();
        _readGate.Dispose();
    }

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 1;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 1;

    private SqliteWriter Writer => _writer ?? throw new InvalidOperationException("The task hub is not open; call CreateIfNotExistsAsync first.");

    private SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = SqliteCommands.Command(connection, null, sql);
        command.ExecuteNonQuery();
    }

    private static bool IsFinished(OrchestrationStatus? status) => SqliteCommands.IsFinished(status);

    /// <summary>Drops the cached history of an instance (its next step reads it from the database).</summary>
    private void ForgetHistory(string instanceId)
    {
        lock (_historyGate)
        {
            _history.Remove(instanceId);
        }
    }

    /// <summary>
    /// A task that completes when <paramref name="instanceId"/> finishes in this process, with the state its final
    /// step committed: a waiting client then needs no read of the database.
    /// </summary>
    private TaskCompletionSource<OrchestrationState> FinishedSignal(string instanceId) =>
        _finished.GetOrAdd(instanceId, _ => new TaskCompletionSource<OrchestrationState>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Raised after a commit changed an instance's status or custom status (see <see cref="IInstanceChangeFeed"/>).</summary>
    public event Action<string>? InstanceChanged;

    private void RaiseInstanceChanged(string instanceId)
    {
        try
        {
            InstanceChanged?.Invoke(instanceId);
        }
        catch (Exception ex)
        {
            // A watcher's bug must not fail the commit that already happened.
            Log.ChangeHandlerFailed(_logger, instanceId, ex);
        }
    }

    private void SignalFinished(OrchestrationState committed)
    {
        if (_finished.TryRemove(committed.OrchestrationInstance.InstanceId, out var signal))
        {
            signal.TrySetResult(committed);
        }
    }

    private static DateTime VisibleAt(TaskMessage message) => message.Event switch
    {
        TimerFiredEvent timer => timer.FireAt,
        ExecutionStartedEvent { ScheduledStartTime: { } start } => start,
        _ => DateTime.UtcNow,
    };
}
