using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>The SQL the embedded backend runs; one method per statement so the write paths read as a list of steps.</summary>
internal static class SqliteCommands
{
    /// <summary>The statuses after which an instance runs no more (until it is started anew).</summary>
    public static IReadOnlyList<OrchestrationStatus> FinishedStatuses { get; } =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    /// <summary>The same statuses as a SQL condition on <c>instances.status</c>.</summary>
    public static string FinishedCondition { get; } = $"status IN ({string.Join(", ", FinishedStatuses.Select(s => (int)s))})";

    public static bool IsFinished(OrchestrationStatus? status) => status is { } value && FinishedStatuses.Contains(value);

    public static long ToUnixMs(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;

    // Hot statements on the writer connection stay prepared: re-preparing SQL costs more than running it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = [];

    /// <summary>A cached, prepared command for the single writer connection (never dispose it).</summary>
    public static SqliteCommand Cached(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var cache = Prepared.GetOrCreateValue(connection);
        if (!cache.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            cache[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Inserts a message; <paramref name="json"/> is its serialized form (serialized off the writer thread).</summary>
    public static long InsertMessage(SqliteConnection c, SqliteTransaction t, string instanceId, string json, DateTime visibleAt)
    {
        var command = Cached(c, t, "INSERT INTO messages (instance_id, visible_at, message) VALUES ($i, $v, $m) RETURNING id",
            ("$i", instanceId), ("$v", ToUnixMs(visibleAt)), ("$m", json));
        return (long)command.ExecuteScalar()!;
    }

    public static void DeleteMessage(SqliteConnection c, SqliteTransaction t, long id)
    {
        var command = Cached(c, t, "DELETE FROM messages WHERE id = $id", ("$id", id));
        command.ExecuteNonQuery();
    }

    public static long InsertActivity(SqliteConnection c, SqliteTransaction t, string instanceId, string json)
    {
        var command = Cached(c, t, "INSERT INTO activities (instance_id, message) VALUES ($i, $m) RETURNING id",
            ("$i", instanceId), ("$m", json));
        return (long)command.ExecuteScalar()!;
    }

    public static int DeleteActivity(SqliteConnection c, SqliteTransaction t, long id)
    {
        var command = Cached(c, t, "DELETE FROM activities WHERE id = $id", ("$id", id));
        return command.ExecuteNonQuery();
    }

    public static void InsertHistory(SqliteConnection c, SqliteTransaction t, string instanceId, string executionId, int seq, string json)
    {
        var command = Cached(c, t, "INSERT OR REPLACE INTO history (instance_id, execution_id, seq, event) VALUES ($i, $e, $s, $ev)",
            ("$i", instanceId), ("$e", executionId), ("$s", seq), ("$ev", json));
        command.ExecuteNonQuery();
    }

    public static void DeleteHistory(SqliteConnection c, SqliteTransaction? t, string instanceId)
    {
        using var command = Command(c, t, "DELETE FROM history WHERE instance_id = $i", ("$i", instanceId));
        command.ExecuteNonQuery();
    }

    public static void UpsertInstance(SqliteConnection c, SqliteTransaction t, OrchestrationState state, string json)
    {
        var terminal = IsFinished(state.OrchestrationStatus);
        var command = Cached(
            c,
            t,
            """
            INSERT INTO instances (instance_id, execution_id, name, status, created_at, updated_at, completed_at, state)
            VALUES ($i, $e, $n, $s, $c, $u, $done, $state)
            ON CONFLICT (instance_id) DO UPDATE SET execution_id = $e, name = $n, status = $s, created_at = $c,
                updated_at = $u, completed_at = $done, state = $state
            """,
            ("$i", state.OrchestrationInstance.InstanceId),
            ("$e", state.OrchestrationInstance.ExecutionId),
            ("$n", state.Name ?? string.Empty),
            ("$s", (int)state.OrchestrationStatus),
            ("$c", ToUnixMs(state.CreatedTime)),
            ("$u", ToUnixMs(state.LastUpdatedTime == default ? DateTime.UtcNow : state.LastUpdatedTime)),
            ("$done", terminal ? ToUnixMs(state.CompletedTime == default ? DateTime.UtcNow : state.CompletedTime) : null),
            ("$state", json));
        command.ExecuteNonQuery();
    }

    public static OrchestrationState? ReadInstance(SqliteConnection c, string instanceId)
    {
        using var command = Command(c, null, "SELECT state FROM instances WHERE instance_id = $i", ("$i", instanceId));
        return command.ExecuteScalar() is string json ? SqliteSerializer.Deserialize<OrchestrationState>(json) : null;
    }

    public static List<HistoryEvent> ReadHistory(SqliteConnection c, string instanceId, string? executionId)
    {
        using var command = Command(
            c,
            null,
            executionId is null
                ? "SELECT event FROM history WHERE instance_id = $i AND execution_id = (SELECT execution_id FROM instances WHERE instance_id = $i) ORDER BY seq"
                : "SELECT event FROM history WHERE instance_id = $i AND execution_id = $e ORDER BY seq",
            ("$i", instanceId),
            ("$e", executionId));
        using var reader = command.ExecuteReader();
        var events = new List<HistoryEvent>();
        while (reader.Read())
        {
            events.AddRange(SqliteSerializer.Deserialize<List<HistoryEvent>>(reader.GetString(0)));
        }

        return events;
    }

    public static int PurgeInstance(SqliteConnection c, SqliteTransaction t, string instanceId)
    {
        using var command = Command(c, t, "DELETE FROM instances WHERE instance_id = $i", ("$i", instanceId));
        var deleted = command.ExecuteNonQuery();
        DeleteHistory(c, t, instanceId);
        using var messages = Command(c, t, "DELETE FROM messages WHERE instance_id = $i", ("$i", instanceId));
        messages.ExecuteNonQuery();
        return deleted;
    }
}
