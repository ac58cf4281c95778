using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>Listing, forgetting and expiry.</summary>
public sealed partial class SqliteMemoryStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<MemoryRecord>> ListAsync(string agent, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = Command(
            connection,
            null,
            $"SELECT {RecordColumns}, embedding FROM memories WHERE agent = $agent AND (expires IS NULL OR expires > $now) ORDER BY created DESC, id LIMIT $limit",
            ("$agent", agent),
            ("$now", ToTicks(_time.GetUtcNow().UtcDateTime)),
            ("$limit", limit));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<MemoryRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var blob = (byte[])reader.GetValue(7);
            records.Add(ReadRecord(reader, agent, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(blob).ToArray()));
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<int> ForgetAsync(string agent, string? id, JsonObject? metadataFilter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var vectors = new VectorTransaction(connection, transaction, VectorFolder, _dimensions);
        await vectors.BeginAsync(cancellationToken).ConfigureAwait(false);
        var removed = new HashSet<long>();
        if (metadataFilter is null || metadataFilter.Count == 0)
        {
            await using var delete = Command(connection, transaction, "DELETE FROM memories WHERE agent = $agent AND ($id IS NULL OR id = $id) RETURNING rowid", ("$agent", agent), ("$id", id));
            await ReadRowIdsAsync(delete, removed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // JSON equality of each filtered property is decided here rather than with json_extract, whose paths
            // break on keys with dots or quotes and whose values lose the difference between "5" and 5.
            var matching = new List<long>();
            await using (var select = Command(connection, transaction, "SELECT rowid, metadata FROM memories WHERE agent = $agent AND ($id IS NULL OR id = $id) AND metadata IS NOT NULL", ("$agent", agent), ("$id", id)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (JsonNode.Parse(reader.GetString(1)) is JsonObject metadata && MetadataFilter.Matches(metadata, metadataFilter))
                    {
                        matching.Add(reader.GetInt64(0));
                    }
                }
            }

            foreach (var match in matching)
            {
                await using var delete = Command(connection, transaction, "DELETE FROM memories WHERE rowid = $rowid RETURNING rowid", ("$rowid", match));
                await ReadRowIdsAsync(delete, removed, cancellationToken).ConfigureAwait(false);
            }
        }

        await vectors.RemoveAsync(agent, removed, cancellationToken).ConfigureAwait(false);
        await CommitAsync(transaction, vectors, changed: removed.Count > 0, cancellationToken).ConfigureAwait(false);
        return removed.Count;
    }

    /// <inheritdoc />
    public async Task<int> PurgeExpiredAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var vectors = new VectorTransaction(connection, transaction, VectorFolder, _dimensions);
        await vectors.BeginAsync(cancellationToken).ConfigureAwait(false);
        var removed = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        await using (var delete = Command(connection, transaction, "DELETE FROM memories WHERE expires IS NOT NULL AND expires <= $now RETURNING agent, rowid", ("$now", ToTicks(now))))
        await using (var reader = await delete.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var agent = reader.GetString(0);
                if (!removed.TryGetValue(agent, out var rows))
                {
                    removed[agent] = rows = [];
                }

                rows.Add(reader.GetInt64(1));
            }
        }

        foreach (var (agent, rows) in removed)
        {
            await vectors.RemoveAsync(agent, rows, cancellationToken).ConfigureAwait(false);
        }

        var deleted = removed.Values.Sum(rows => rows.Count);
        await CommitAsync(transaction, vectors, changed: deleted > 0, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    private static async Task ReadRowIdsAsync(SqliteCommand delete, HashSet<long> rowIds, CancellationToken cancellationToken)
    {
        await using var reader = await delete.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rowIds.Add(reader.GetInt64(0));
        }
    }
}
