using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>Listing, forgetting and expiry.</summary>
public sealed partial class SqliteMemoryStore
{
    /// <inheritdoc />
    /// <remarks>Served from the same snapshot as search, so listing an agent loads its vectors too.</remarks>
    public async Task<IReadOnlyList<MemoryRecord>> ListAsync(string agent, int limit, CancellationToken cancellationToken = default)
    {
        var index = await GetIndexAsync(agent, cancellationToken).ConfigureAwait(false);
        return index.List(limit, ToTicks(_time.GetUtcNow().UtcDateTime));
    }

    /// <inheritdoc />
    public async Task<int> ForgetAsync(string agent, string? id, JsonObject? metadataFilter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int deleted;
        if (metadataFilter is null || metadataFilter.Count == 0)
        {
            await using var delete = Command(connection, transaction, "DELETE FROM memories WHERE agent = $agent AND ($id IS NULL OR id = $id)", ("$agent", agent), ("$id", id));
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // JSON equality of each filtered property is decided here rather than with json_extract, whose paths
            // break on keys with dots or quotes and whose values lose the difference between "5" and 5.
            var matching = new List<string>();
            await using (var select = Command(connection, transaction, "SELECT id, metadata FROM memories WHERE agent = $agent AND ($id IS NULL OR id = $id) AND metadata IS NOT NULL", ("$agent", agent), ("$id", id)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (JsonNode.Parse(reader.GetString(1)) is JsonObject metadata && MetadataFilter.Matches(metadata, metadataFilter))
                    {
                        matching.Add(reader.GetString(0));
                    }
                }
            }

            foreach (var match in matching)
            {
                await using var delete = Command(connection, transaction, "DELETE FROM memories WHERE id = $id", ("$id", match));
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            deleted = matching.Count;
        }

        if (deleted > 0)
        {
            await BumpRevisionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<int> PurgeExpiredAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = Command(connection, transaction, "DELETE FROM memories WHERE expires IS NOT NULL AND expires <= $now", ("$now", ToTicks(now)));
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            await BumpRevisionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
