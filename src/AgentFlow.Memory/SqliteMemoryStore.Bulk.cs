using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>Adding many memories at once.</summary>
public sealed partial class SqliteMemoryStore
{
    // In the order of Columns and InsertSql.
    private static readonly string[] InsertParameters = ["$id", "$agent", "$text", "$embedding", "$metadata", "$run", "$node", "$created", "$expires"];

    /// <summary>
    /// Stores every record of <paramref name="records"/> as <see cref="AddAsync"/> would (a record whose id exists is
    /// skipped), in one transaction through one prepared statement: importing or seeding many memories this way runs
    /// at SQLite's insert speed instead of paying a commit per record. Nothing is stored when a record is invalid.
    /// Returns how many were added.
    /// </summary>
    public async Task<int> AddRangeAsync(IEnumerable<MemoryRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var vectors = new VectorTransaction(connection, transaction, VectorFolder, _dimensions);
        await vectors.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, transaction, InsertSql);
        var parameters = InsertParameters.Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var added = 0;
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            ArgumentException.ThrowIfNullOrEmpty(record.Id, nameof(records));
            ArgumentException.ThrowIfNullOrEmpty(record.Agent, nameof(records));
            var embedding = Normalised(record.Embedding, nameof(records));
            await vectors.PrepareAsync(record.Agent, null, cancellationToken).ConfigureAwait(false);
            var created = ToTicks(record.CreatedAt);
            long? expires = record.ExpiresAt is { } expiry ? ToTicks(expiry) : null;
            object?[] values =
            [
                record.Id, record.Agent, record.Text, MemoryMarshal.AsBytes(embedding.AsSpan()).ToArray(), record.Metadata?.ToJsonString(),
                record.RunId, record.NodeId, created, expires,
            ];
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long rowId)
            {
                vectors.Append(record.Agent, rowId, embedding, created, expires);
                added++;
            }
        }

        await CommitAsync(transaction, vectors, changed: added > 0, cancellationToken).ConfigureAwait(false);
        return added;
    }
}
