using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <content>Queries by status, creation time and id prefix; purges of finished instances.</content>
public sealed partial class SqliteOrchestrationService : IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient, IRunBacklog
{
    private static readonly string Finished = SqliteCommands.FinishedCondition;

    /// <inheritdoc />
    public async Task<bool> HasPendingMessagesAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenRead();
        using var command = SqliteCommands.Command(
            connection, null, "SELECT EXISTS (SELECT 1 FROM messages WHERE instance_id = $i AND visible_at <= $now)", ("$i", instanceId), ("$now", SqliteCommands.ToUnixMs(DateTime.UtcNow)));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long found && found != 0;
    }

    /// <inheritdoc />
    public long CountPendingWork()
    {
        using var connection = OpenRead();
        using var command = SqliteCommands.Command(
            connection, null, "SELECT (SELECT COUNT(*) FROM messages WHERE visible_at <= $now) + (SELECT COUNT(*) FROM activities)", ("$now", SqliteCommands.ToUnixMs(DateTime.UtcNow)));
        return command.ExecuteScalar() is long count ? count : 0;
    }

    /// <inheritdoc />
    public async Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT state, created_at, instance_id FROM instances WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", statuses.Select(s => (int)s))})");
        }

        if (query.CreatedTimeFrom is { } from)
        {
            sql.Append(" AND created_at >= $from");
            parameters.Add(("$from", SqliteCommands.ToUnixMs(from)));
        }

        if (query.CreatedTimeTo is { } to)
        {
            sql.Append(" AND created_at <= $to");
            parameters.Add(("$to", SqliteCommands.ToUnixMs(to)));
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            sql.Append(" AND substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", query.InstanceIdPrefix));
        }

        // Keyset pagination on (created_at, instance_id): stable under concurrent inserts.
        if (query.ContinuationToken is { Length: > 0 } token && token.Split('|', 2) is [var created, var id])
        {
            sql.Append(" AND (created_at > $ct OR (created_at = $ct AND instance_id > $cid))");
            parameters.Add(("$ct", long.Parse(created, CultureInfo.InvariantCulture)));
            parameters.Add(("$cid", id));
        }

        var pageSize = query.PageSize > 0 ? query.PageSize : 100;
        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY created_at, instance_id LIMIT {pageSize + 1}");

        using var connection = OpenRead();
        using var command = SqliteCommands.Command(connection, null, sql.ToString(), [.. parameters]);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<OrchestrationState>();
        string? next = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (states.Count == pageSize)
            {
                break;
            }

            var state = SqliteSerializer.Deserialize<OrchestrationState>(reader.GetString(0));
            if (!query.FetchInputsAndOutputs)
            {
                state.Input = null;
                state.Output = null;
            }

            states.Add(state);
            next = $"{reader.GetInt64(1).ToString(CultureInfo.InvariantCulture)}|{reader.GetString(2)}";
        }

        var more = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OrchestrationQueryResult(states, more ? next : null);
    }

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        new(await PurgeWhereAsync("instance_id = $id", ("$id", instanceId)).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var where = new StringBuilder("created_at >= $from");
        var parameters = new List<(string, object?)> { ("$from", SqliteCommands.ToUnixMs(purgeInstanceFilter.CreatedTimeFrom)) };
        if (purgeInstanceFilter.CreatedTimeTo is { } to)
        {
            where.Append(" AND created_at <= $to");
            parameters.Add(("$to", SqliteCommands.ToUnixMs(to)));
        }

        if (purgeInstanceFilter.RuntimeStatus?.ToList() is { Count: > 0 } statuses)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", statuses.Select(s => (int)s))})");
        }

        return new PurgeResult(await PurgeWhereAsync(where.ToString(), [.. parameters]).ConfigureAwait(false));
    }

    /// <summary>Purges the instances matching <paramref name="where"/>; only finished ones, whatever the condition says.</summary>
    private async Task<int> PurgeWhereAsync(string where, params (string Name, object? Value)[] parameters)
    {
        var purged = 0;
        await Writer.WriteAsync((c, t) =>
        {
            purged = 0;
            var ids = new List<string>();
            using (var select = SqliteCommands.Command(c, t, $"SELECT instance_id FROM instances WHERE {where} AND {Finished}", parameters))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                }
            }

            foreach (var id in ids)
            {
                purged += SqliteCommands.PurgeInstance(c, t, id);
            }
        }).ConfigureAwait(false);
        return purged;
    }
}
