using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>Search: an int8 scan of the agent's mapped codes, then an exact float re-rank of the best candidates.</summary>
public sealed partial class SqliteMemoryStore
{
    private const string RecordColumns = "id, text, metadata, run, node, created, expires";

    // The candidates kept for the exact re-rank: max(MinCandidates, CandidatesPerHit * k).
    private const int MinCandidates = 200;
    private const int CandidatesPerHit = 4;

    // From this many rows a search without recency starts with the 4-bit pass, keeping max(MinCoarseCandidates, CoarseCandidatesPerHit * k).
    private const int NibbleRows = 32_768;
    private const int MinCoarseCandidates = 1000;
    private const int CoarseCandidatesPerHit = 20;

    /// <inheritdoc />
    /// <remarks>
    /// The best max(200, 4k) memories by an int8 approximation of the score are re-ranked by the exact score of their
    /// float vectors. Should the worst of them score, approximately, like one of the k best (many equal vectors), every
    /// memory scoring as high is re-ranked too, so ties still go to the newer memory and then to the smaller id.
    /// </remarks>
    public async Task<IReadOnlyList<MemoryHit>> SearchAsync(
        string agent, float[] query, int k, double minScore, double recencyWeight, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (_preloading.TryGetValue(agent, out var warming))
        {
            // Scanning beside the preload would fault the same pages in twice over on the same cores: let it finish.
            await warming.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return await SearchCoreAsync(agent, query, k, minScore, recencyWeight, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<MemoryHit>> SearchCoreAsync(
        string agent, float[] query, int k, double minScore, double recencyWeight, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recencyWeight, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recencyWeight, 1);
        var normalised = Normalised(query, nameof(query));
        if (k <= 0)
        {
            return [];
        }

        var search = new SearchRequest(normalised, k, minScore, recencyWeight, ToTicks(now));
        for (var attempt = 0; attempt < 4; attempt++)
        {
            long? distrusted = null;
            await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                // One read transaction: the committed count, the scanned rows and the fetched records are one snapshot.
                await using var transaction = connection.BeginTransaction(deferred: true);
                var state = await ReadVectorStateAsync(connection, transaction, agent, cancellationToken).ConfigureAwait(false);
                if (state.Consistent && state.Entry is null && !state.HasRows)
                {
                    return [];
                }

                if (state.Consistent && state.Entry is { } entry)
                {
                    var mapped = Map(agent, entry, connection, transaction);
                    if (mapped is not null)
                    {
                        try
                        {
                            return await SearchMappedAsync(mapped, entry.Count, connection, transaction, agent, search, cancellationToken).ConfigureAwait(false);
                        }
                        catch (ObjectDisposedException) when (attempt < 3)
                        {
                            continue; // another search mapped a newer generation meanwhile
                        }
                    }

                    distrusted = entry.Nonce;
                }
            }

            await RepairAsync(agent, distrusted, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidDataException($"the vector files of agent '{agent}' in '{VectorFolder}' could not be opened");
    }

    /// <summary>
    /// Opens <paramref name="agent"/>'s vector files ahead of its first search (rebuilding them if needed) and runs
    /// one search over them, then touches every page of the code files, so their pages are mapped and the search code
    /// compiled: a host that recalls from a large memory right after starting can call this at start, and its first
    /// recall then runs like any later one. A search of the agent that starts meanwhile waits for it rather than
    /// scanning the cold files beside it.
    /// </summary>
    public async Task PreloadAsync(string agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        // A spread-out probe (not one axis), so the warm-up search takes the path real queries take.
        var probe = new float[_dimensions];
        var state = 0x9E3779B9u;
        for (var i = 0; i < probe.Length; i++)
        {
            state = (state * 1664525u) + 1013904223u;
            probe[i] = (state >> 8) / (float)(1 << 24) - 0.5f;
        }

        var warming = SearchCoreAsync(agent, probe, 5, double.NegativeInfinity, 0, DateTime.MinValue, cancellationToken);
        var registered = _preloading.TryAdd(agent, warming);
        try
        {
            await warming.ConfigureAwait(false);
            if (_mapped.TryGetValue(agent, out var mapped))
            {
                try
                {
                    mapped.Prefault();
                }
                catch (ObjectDisposedException)
                {
                    // a newer generation replaced it meanwhile; the next search maps that one
                }
            }
        }
        finally
        {
            if (registered)
            {
                _preloading.TryRemove(new KeyValuePair<string, Task>(agent, warming));
            }
        }
    }

    private static MemoryRecord ReadRecord(SqliteDataReader reader, string agent, float[] embedding) => new()
    {
        Id = reader.GetString(0),
        Agent = agent,
        Text = reader.GetString(1),
        Embedding = embedding,
        Metadata = reader.IsDBNull(2) ? null : JsonNode.Parse(reader.GetString(2)) as JsonObject,
        RunId = reader.IsDBNull(3) ? null : reader.GetString(3),
        NodeId = reader.IsDBNull(4) ? null : reader.GetString(4),
        CreatedAt = new DateTime(reader.GetInt64(5), DateTimeKind.Utc),
        ExpiresAt = reader.IsDBNull(6) ? null : new DateTime(reader.GetInt64(6), DateTimeKind.Utc),
    };

    private static async Task<VectorState> ReadVectorStateAsync(SqliteConnection connection, SqliteTransaction transaction, string agent, CancellationToken cancellationToken)
    {
        await using var select = Command(
            connection,
            transaction,
            "SELECT (SELECT value FROM meta WHERE key = 'revision') IS (SELECT value FROM meta WHERE key = 'vector_revision'), " +
            "v.generation, v.nonce, v.count, EXISTS (SELECT 1 FROM memories WHERE agent = $agent) " +
            "FROM (SELECT 1) LEFT JOIN memory_vectors v ON v.agent = $agent",
            ("$agent", agent));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var entry = await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? (VectorEntry?)null : new VectorEntry(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        return new VectorState(reader.GetInt64(0) != 0, entry, reader.GetInt64(4) != 0);
    }

    /// <summary>Rebuilds <paramref name="agent"/>'s files from its rows when they are missing, stale or (nonce <paramref name="distrusted"/>) corrupt.</summary>
    private async Task RepairAsync(string agent, long? distrusted, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var vectors = new VectorTransaction(connection, transaction, VectorFolder, _dimensions);
        await vectors.BeginAsync(cancellationToken).ConfigureAwait(false);
        await vectors.PrepareAsync(agent, distrusted, cancellationToken).ConfigureAwait(false);
        await CommitAsync(transaction, vectors, changed: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agent's mapping covering <paramref name="entry"/>, reusing the cached one when it does; null when the files are invalid.</summary>
    private MappedVectors? Map(string agent, VectorEntry entry, SqliteConnection connection, SqliteTransaction transaction)
    {
        if (_mapped.TryGetValue(agent, out var cached) && cached.Entry.Nonce == entry.Nonce && cached.MappedRows >= entry.Count)
        {
            return cached;
        }

        lock (_mapping)
        {
            if (_mapped.TryGetValue(agent, out cached) && cached.Entry.Nonce == entry.Nonce && cached.MappedRows >= entry.Count)
            {
                return cached;
            }

            using var owner = Command(connection, transaction, "SELECT agent FROM memories WHERE rowid = $rowid");
            var rowId = owner.Parameters.Add(new SqliteParameter { ParameterName = "$rowid" });
            var opened = MappedVectors.TryOpen(VectorFolder, VectorFileLayout.AgentKey(agent), _dimensions, entry, last =>
            {
                rowId.Value = last;
                return owner.ExecuteScalar() is string name && name == agent;
            });
            if (opened is null)
            {
                return null;
            }

            if (_mapped.TryGetValue(agent, out var replaced))
            {
                replaced.Dispose(); // a scan still holding it keeps it mapped until it lets go
            }

            _mapped[agent] = opened;
            return opened;
        }
    }

    private async Task<IReadOnlyList<MemoryHit>> SearchMappedAsync(
        MappedVectors mapped, long count, SqliteConnection connection, SqliteTransaction transaction, string agent, SearchRequest search, CancellationToken cancellationToken)
    {
        var query = new Int8Dot(search.Query, Math.Max(mapped.CodeBytes, 2 * mapped.NibbleBytes));
        var capacity = (int)Math.Min(1 << 24, Math.Max(MinCandidates, (long)CandidatesPerHit * search.K));
        var ranked = count >= NibbleRows && search.RecencyWeight == 0 ? RankByNibbles(mapped, count, query, capacity, search) : null;
        if (ranked is null)
        {
            var (candidates, full) = QuantizedScan.Best(mapped, count, query, capacity, search.RecencyWeight, search.NowTicks);
            ranked = ExactRerank.Rank(mapped, candidates, search);
            if (full && candidates.Count > 0)
            {
                var worst = candidates.Min(c => c.Score);
                var bar = ranked.Count >= search.K ? ranked.Take(search.K).Min(r => r.Approximate) : search.MinScore;
                if (worst >= bar)
                {
                    ranked = ExactRerank.Rank(mapped, QuantizedScan.AtLeast(mapped, count, query, worst, search.RecencyWeight, search.NowTicks), search);
                }
            }
        }

        // The k best and whatever ties the k-th on score and age: only their ids can order them.
        var group = ranked.Count <= search.K
            ? ranked
            : ranked.TakeWhile((r, i) => i < search.K || (r.Score == ranked[search.K - 1].Score && r.Created == ranked[search.K - 1].Created)).ToList();
        await using var select = Command(connection, transaction, $"SELECT {RecordColumns} FROM memories WHERE rowid = $rowid AND agent = $agent", ("$agent", agent));
        var rowIdParameter = select.Parameters.Add(new SqliteParameter { ParameterName = "$rowid" });
        var hits = new List<(HitRank Rank, MemoryHit Hit)>(group.Count);
        foreach (var candidate in group)
        {
            rowIdParameter.Value = candidate.RowId;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var vector = new float[_dimensions];
                mapped.ReadFloats(candidate.Row, vector);
                var record = ReadRecord(reader, agent, vector);
                hits.Add((new HitRank(candidate.Score, candidate.Created, record.Id), new MemoryHit(record, candidate.Score)));
            }
        }

        hits.Sort((a, b) => HitRank.WorstFirst.Compare(b.Rank, a.Rank));
        return [.. hits.Take(search.K).Select(h => h.Hit)];
    }

    /// <summary>
    /// Three passes for a large agent without recency: the 4-bit codes keep the best max(1000, 20k) rows, their int8
    /// codes the best max(200, 4k), their floats rank them exactly. Null (run the int8 scan instead) when the worst row
    /// kept by the first pass scored like one of the k best, as with many equal vectors.
    /// </summary>
    private static List<ExactRerank.Ranked>? RankByNibbles(MappedVectors mapped, long count, Int8Dot query, int capacity, SearchRequest search)
    {
        var wide = (int)Math.Min(1 << 24, Math.Max(MinCoarseCandidates, (long)CoarseCandidatesPerHit * search.K));
        var (coarse, full) = QuantizedScan.BestByNibbles(mapped, count, query, wide, search.NowTicks);
        var ranked = ExactRerank.Rank(mapped, QuantizedScan.Rescore(mapped, coarse, query, capacity), search);
        if (full && coarse.Count > 0)
        {
            var coarseScores = coarse.ToDictionary(c => c.Row, c => c.Score);
            var bar = ranked.Count >= search.K ? ranked.Take(search.K).Min(r => coarseScores[r.Row]) : search.MinScore;
            if (coarse[0].Score >= bar)
            {
                return null;
            }
        }

        return ranked;
    }

    /// <summary>What a search found in the memory file about the agent's vectors.</summary>
    /// <param name="Consistent">False when a writer that keeps no vector files changed rows (every agent is rebuilt).</param>
    /// <param name="Entry">The agent's current generation, if any.</param>
    /// <param name="HasRows">Whether the agent has any memory.</param>
    private readonly record struct VectorState(bool Consistent, VectorEntry? Entry, bool HasRows);
}
