using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory.Retrieval;

/// <summary>Writing: documents replaced or removed in one transaction per batch.</summary>
internal sealed partial class SqliteRetrievalIndex
{
    /// <summary>
    /// In one transaction: replaces the chunks and postings of every document in <paramref name="upserts"/>, deletes
    /// the documents in <paramref name="removals"/>, records the chunker and time, and moves the namespace's revision on.
    /// With <paramref name="forgetHashes"/> (the chunker changed), every other document's hash is cleared first, so a
    /// pass that stops half-way still re-chunks the rest next time.
    /// </summary>
    public async Task ApplyAsync(
        ResolvedSource source,
        string chunker,
        IReadOnlyList<IndexedDocument> upserts,
        IReadOnlyCollection<string> removals,
        bool forgetHashes,
        DateTime now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var upsert = SqliteMemoryStore.Command(
            connection,
            transaction,
            """
            INSERT INTO sources (key, kind, location, chunker, revision, indexed) VALUES ($key, $kind, $location, $chunker, 0, $now)
            ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, location = excluded.location, chunker = excluded.chunker, indexed = excluded.indexed,
                revision = revision + 1;
            SELECT id FROM sources WHERE key = $key;
            """,
            ("$key", source.Key),
            ("$kind", source.Kind),
            ("$location", source.Location),
            ("$chunker", chunker),
            ("$now", now.Ticks)))
        {
            var ns = ReadLong(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
            if (forgetHashes)
            {
                await using var forget = SqliteMemoryStore.Command(connection, transaction, "UPDATE documents SET hash = '' WHERE ns = $ns", ("$ns", ns));
                await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var writer = new Writer(connection, transaction, ns, Dimensions);
            foreach (var id in removals)
            {
                await writer.DeleteAsync(id, document: true, cancellationToken).ConfigureAwait(false);
            }

            foreach (var document in upserts)
            {
                await writer.DeleteAsync(document.Document.Id, document: false, cancellationToken).ConfigureAwait(false);
                await writer.InsertAsync(document, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The prepared statements of one write transaction, reused for every row.</summary>
    private sealed class Writer : IAsyncDisposable
    {
        private readonly int _dimensions;
        private readonly SqliteCommand _deletePostings;
        private readonly SqliteCommand _deleteChunks;
        private readonly SqliteCommand _deleteDocument;
        private readonly SqliteCommand _insertChunk;
        private readonly SqliteCommand _insertPosting;
        private readonly SqliteCommand _upsertDocument;

        public Writer(SqliteConnection connection, SqliteTransaction transaction, long ns, int dimensions)
        {
            _dimensions = dimensions;
            _deletePostings = Prepare(connection, transaction, ns, "DELETE FROM postings WHERE chunk IN (SELECT id FROM chunks WHERE ns = $ns AND document = $document)", "$document");
            _deleteChunks = Prepare(connection, transaction, ns, "DELETE FROM chunks WHERE ns = $ns AND document = $document", "$document");
            _deleteDocument = Prepare(connection, transaction, ns, "DELETE FROM documents WHERE ns = $ns AND id = $document", "$document");
            _insertChunk = Prepare(
                connection,
                transaction,
                ns,
                """
                INSERT INTO chunks (ns, document, ordinal, start, title, citation, text, terms, embedding)
                VALUES ($ns, $document, $ordinal, $start, $title, $citation, $text, $terms, $embedding) RETURNING id
                """,
                "$document",
                "$ordinal",
                "$start",
                "$title",
                "$citation",
                "$text",
                "$terms",
                "$embedding");
            _insertPosting = Prepare(connection, transaction, ns, "INSERT INTO postings (ns, term, chunk, tf) VALUES ($ns, $term, $chunk, $tf)", "$term", "$chunk", "$tf");
            _upsertDocument = Prepare(
                connection, transaction, ns, "INSERT INTO documents (ns, id, hash) VALUES ($ns, $document, $hash) ON CONFLICT (ns, id) DO UPDATE SET hash = excluded.hash", "$document", "$hash");
        }

        public async Task DeleteAsync(string id, bool document, CancellationToken cancellationToken)
        {
            SqliteCommand[] commands = document ? [_deletePostings, _deleteChunks, _deleteDocument] : [_deletePostings, _deleteChunks];
            foreach (var command in commands)
            {
                command.Parameters["$document"].Value = id;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task InsertAsync(IndexedDocument document, CancellationToken cancellationToken)
        {
            foreach (var indexed in document.Chunks)
            {
                var chunk = indexed.Chunk;
                if (indexed.Embedding.Length != _dimensions)
                {
                    throw new ArgumentException($"chunk {chunk.Ordinal} of '{chunk.DocumentId}' has {indexed.Embedding.Length} dimensions; the index holds {_dimensions}", nameof(document));
                }

                Set(_insertChunk, ("$document", chunk.DocumentId), ("$ordinal", chunk.Ordinal), ("$start", chunk.Offset), ("$title", chunk.Title),
                    ("$citation", chunk.Source), ("$text", chunk.Text), ("$terms", indexed.Length), ("$embedding", MemoryMarshal.AsBytes(indexed.Embedding.AsSpan()).ToArray()));
                var id = ReadLong(await _insertChunk.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));

                // Ordinal order, so the file's bytes do not depend on dictionary order.
                foreach (var (term, tf) in indexed.Terms.OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    Set(_insertPosting, ("$term", term), ("$chunk", id), ("$tf", tf));
                    await _insertPosting.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            Set(_upsertDocument, ("$document", document.Document.Id), ("$hash", document.Document.ContentHash));
            await _upsertDocument.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in new[] { _deletePostings, _deleteChunks, _deleteDocument, _insertChunk, _insertPosting, _upsertDocument })
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, long ns, string sql, params string[] parameters)
        {
            var command = SqliteMemoryStore.Command(connection, transaction, sql, ("$ns", ns));
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }

        private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
        {
            foreach (var (name, value) in values)
            {
                command.Parameters[name].Value = value;
            }
        }
    }
}
