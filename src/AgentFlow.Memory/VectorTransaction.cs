using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>
/// The vector-file side of one write transaction of the memory file. The rows stay the source of truth: an agent
/// whose files are missing, foreign or stale is rebuilt from its rows before its first change in the transaction;
/// appends go after the committed count and only count once the transaction commits the new count in
/// <c>memory_vectors</c>; deletions write a new, compacted generation. Every change also sets <c>meta.vector_revision</c>
/// to the new <c>meta.revision</c>: a file whose two differ was written by a writer that kept no files, and all
/// files are then rebuilt.
/// </summary>
internal sealed class VectorTransaction(SqliteConnection connection, SqliteTransaction transaction, string folder, int dimensions) : IDisposable
{
    private readonly Dictionary<string, AgentVectorFiles> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _newGeneration = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dropped = new(StringComparer.Ordinal);
    private readonly List<AgentVectorFiles> _retired = [];

    /// <summary>Drops every agent's files from the index when another writer changed rows without keeping them.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        await using var check = SqliteMemoryStore.Command(
            connection,
            transaction,
            "SELECT (SELECT value FROM meta WHERE key = 'revision') IS NOT (SELECT value FROM meta WHERE key = 'vector_revision')");
        if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0)
        {
            await using var reset = SqliteMemoryStore.Command(
                connection,
                transaction,
                "DELETE FROM memory_vectors; INSERT OR REPLACE INTO meta (key, value) SELECT 'vector_revision', value FROM meta WHERE key = 'revision'");
            await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens <paramref name="agent"/>'s current files for appending, or rebuilds them from its rows when they are
    /// missing or invalid, or carry the nonce <paramref name="distrusted"/> (a reader found them corrupt). Call before
    /// inserting the agent's first row of the transaction.
    /// </summary>
    public async Task PrepareAsync(string agent, long? distrusted, CancellationToken cancellationToken)
    {
        if (_open.ContainsKey(agent))
        {
            return;
        }

        var key = VectorFileLayout.AgentKey(agent);
        var entry = await ReadEntryAsync(agent, cancellationToken).ConfigureAwait(false);
        if (entry is { } current && current.Nonce != distrusted && AgentVectorFiles.TryOpen(folder, key, dimensions, current) is { } files)
        {
            _open[agent] = files;
            return;
        }

        var rebuilt = AgentVectorFiles.Create(folder, key, dimensions, (entry?.Generation ?? 0) + 1);
        _open[agent] = rebuilt;
        _newGeneration.Add(agent);
        _dropped.Remove(agent);
        await using var select = SqliteMemoryStore.Command(
            connection, transaction, "SELECT rowid, embedding, created, expires FROM memories WHERE agent = $agent ORDER BY rowid", ("$agent", agent));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var blob = new byte[dimensions * sizeof(float)];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.GetBytes(1, 0, null, 0, 0) != blob.Length)
            {
                throw new InvalidDataException($"memory row {reader.GetInt64(0)} has an embedding of {reader.GetBytes(1, 0, null, 0, 0)} bytes; expected {blob.Length}");
            }

            reader.GetBytes(1, 0, blob, 0, blob.Length);
            var expires = await reader.IsDBNullAsync(3, cancellationToken).ConfigureAwait(false) ? VectorFileLayout.Never : reader.GetInt64(3);
            rebuilt.Append(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(blob), reader.GetInt64(2), expires);
        }
    }

    /// <summary>Appends a row just inserted for <paramref name="agent"/> (prepared first).</summary>
    public void Append(string agent, long rowId, ReadOnlySpan<float> vector, long created, long? expires) =>
        _open[agent].Append(rowId, vector, created, expires ?? VectorFileLayout.Never);

    /// <summary>
    /// Takes the rows <paramref name="removed"/> (just deleted from <paramref name="agent"/>) out of its files by writing
    /// a compacted generation; an agent without valid files is left to be rebuilt by its next reader or writer.
    /// </summary>
    public async Task RemoveAsync(string agent, IReadOnlySet<long> removed, CancellationToken cancellationToken)
    {
        if (removed.Count == 0)
        {
            return;
        }

        var key = VectorFileLayout.AgentKey(agent);
        if (!_open.Remove(agent, out var current))
        {
            if (await ReadEntryAsync(agent, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return;
            }

            current = AgentVectorFiles.TryOpen(folder, key, dimensions, entry);
            if (current is null)
            {
                _dropped.Add(agent);
                return;
            }
        }

        current.Flush();
        _retired.Add(current);
        if (current.Entry.Count <= removed.Count)
        {
            _dropped.Add(agent);
            return;
        }

        var compacted = AgentVectorFiles.Create(folder, key, dimensions, current.Entry.Generation + 1);
        compacted.CopyFrom(current, removed);
        _open[agent] = compacted;
        _newGeneration.Add(agent);
    }

    /// <summary>
    /// Writes the buffered rows and the agents' new counts and generations; when <paramref name="changed"/>, bumps
    /// <c>meta.revision</c> with <c>meta.vector_revision</c>. The caller commits the SQLite transaction next.
    /// </summary>
    public async Task CompleteAsync(bool changed, CancellationToken cancellationToken)
    {
        foreach (var (agent, files) in _open)
        {
            files.Flush();
            await using var upsert = SqliteMemoryStore.Command(
                connection,
                transaction,
                "INSERT INTO memory_vectors (agent, generation, nonce, count) VALUES ($agent, $generation, $nonce, $count) " +
                "ON CONFLICT (agent) DO UPDATE SET generation = excluded.generation, nonce = excluded.nonce, count = excluded.count",
                ("$agent", agent),
                ("$generation", files.Entry.Generation),
                ("$nonce", files.Entry.Nonce),
                ("$count", files.Entry.Count));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var agent in _dropped)
        {
            await using var delete = SqliteMemoryStore.Command(connection, transaction, "DELETE FROM memory_vectors WHERE agent = $agent", ("$agent", agent));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed)
        {
            await using var bump = SqliteMemoryStore.Command(
                connection,
                transaction,
                "UPDATE meta SET value = value + 1 WHERE key = 'revision'; " +
                "INSERT OR REPLACE INTO meta (key, value) SELECT 'vector_revision', value FROM meta WHERE key = 'revision'");
            await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After the commit: deletes the agents' files of other generations (best effort; readers holding them keep their copy).</summary>
    public void DeleteStaleFiles()
    {
        Dispose();
        foreach (var agent in _newGeneration.Concat(_dropped))
        {
            var key = VectorFileLayout.AgentKey(agent);
            var keep = _open.TryGetValue(agent, out var files) && !_dropped.Contains(agent) ? files.Entry.Nonce : (long?)null;
            DeleteFiles(folder, key, keep);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var files in _open.Values.Concat(_retired))
        {
            files.Dispose();
        }
    }

    /// <summary>Deletes the files of <paramref name="agentKey"/> except those of nonce <paramref name="keep"/>.</summary>
    public static void DeleteFiles(string folder, string agentKey, long? keep)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(folder, agentKey + ".*"))
        {
            if (keep is { } nonce && path.StartsWith(VectorFileLayout.PathOf(folder, agentKey, nonce, VectorFileKind.Codes)[..^2], StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Still open by a process that cannot share deletion (Windows); the next compaction retries.
            }
        }
    }

    private async Task<VectorEntry?> ReadEntryAsync(string agent, CancellationToken cancellationToken)
    {
        await using var select = SqliteMemoryStore.Command(
            connection, transaction, "SELECT generation, nonce, count FROM memory_vectors WHERE agent = $agent", ("$agent", agent));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new VectorEntry(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
            : null;
    }
}
