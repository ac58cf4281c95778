using AgentFlow.Abstractions.Configuration;
using DurableTask.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>The embedded default backend: one SQLite database file in the data directory.</summary>
public sealed class SqliteBackend : IDurableBackend, IRunBacklog, IInstanceChangeFeed
{
    private readonly SqliteOrchestrationService _service;
    private readonly string _path;

    /// <summary>Creates the backend; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    public SqliteBackend(SqliteBackendSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _path = settings.DatabasePath;
        _service = new SqliteOrchestrationService(settings, loggerFactory.CreateLogger<SqliteOrchestrationService>());
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public IOrchestrationService Service => _service;

    /// <inheritdoc />
    public IOrchestrationServiceClient Client => _service;

    /// <summary>The underlying service (query and purge live here too).</summary>
    public SqliteOrchestrationService Orchestrations => _service;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path))!;
        try
        {
            Directory.CreateDirectory(directory);
            await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ConfigurationException("dataDirectory", $"cannot create or write '{directory}': {ex.Message}. Choose a writable folder (--data-dir or AGENTFLOW__DATADIRECTORY).", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            throw new ConfigurationException("dataDirectory", $"'{_path}' is not a valid AgentFlow database (corrupted or not SQLite): {ex.Message}. Move it aside to start fresh; nothing was changed.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 or 14 or 23)
        {
            throw new ConfigurationException("dataDirectory", $"cannot open '{_path}' for writing: {ex.Message}. Check the folder's permissions.", ex);
        }
    }

    /// <summary>
    /// Writes and reads back a sample run-start message and state, so the serializer's type metadata is built before
    /// the first run starts (tens of milliseconds the first time). A command calls it on an otherwise idle core; nothing
    /// is opened or stored.
    /// </summary>
    public static void PrepareSerializer()
    {
        var instance = new OrchestrationInstance { InstanceId = "warm-up", ExecutionId = "warm-up" };
        var started = new DurableTask.Core.History.ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = instance, Name = "warm-up", Version = string.Empty, Tags = new Dictionary<string, string>() };
        var message = new TaskMessage { Event = started, OrchestrationInstance = instance };
        _ = SqliteSerializer.Deserialize<TaskMessage>(SqliteSerializer.Serialize(message));
        _ = SqliteSerializer.Serialize(new OrchestrationState { OrchestrationInstance = instance, Name = started.Name, Input = started.Input, OrchestrationStatus = OrchestrationStatus.Pending, CreatedTime = DateTime.UtcNow, LastUpdatedTime = DateTime.UtcNow });
    }

    /// <inheritdoc />
    public event Action<string>? InstanceChanged
    {
        add => _service.InstanceChanged += value;
        remove => _service.InstanceChanged -= value;
    }

    /// <inheritdoc />
    public Task<bool> HasPendingMessagesAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _service.HasPendingMessagesAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public long CountPendingWork() => _service.CountPendingWork();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
