using System.Numerics.Tensors;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory.Tests;

/// <summary>The vector files beside memory.db: reopened as they are, rebuilt from the rows when they cannot be trusted.</summary>
public sealed class SqliteMemoryVectorFileTests : IDisposable
{
    private const int Dimensions = 384;
    private const string Agent = "files";
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Open_ExistingFiles_SearchesThemWithoutRebuilding()
    {
        var records = Records(50, seed: 1);
        string[] before;
        using (var store = _db.Open())
        {
            await store.AddRangeAsync(records);
            before = VectorFiles(store);
        }

        SqliteConnection.ClearAllPools();
        using var reopened = _db.Open();
        var hits = await reopened.SearchAsync(Agent, records[7].Embedding, 3, minScore: -1, recencyWeight: 0, TestDatabase.Now);

        Assert.Equal(records[7].Id, hits[0].Record.Id);
        Assert.Equal(records[7].Embedding, hits[0].Record.Embedding);
        Assert.Equal(before, VectorFiles(reopened));
        Assert.Equal(3, before.Length);
    }

    [Theory]
    [InlineData("q8", false)]
    [InlineData("f32", false)]
    [InlineData("q4", false)]
    [InlineData("q8", true)]
    [InlineData("f32", true)]
    [InlineData("q4", true)]
    public async Task Search_DeletedOrCorruptFile_RebuildsFromTheRows(string kind, bool corrupt)
    {
        var records = Records(40, seed: 2);
        string file;
        using (var store = _db.Open())
        {
            await store.AddRangeAsync(records);
            file = VectorFiles(store).Single(f => f.EndsWith("." + kind, StringComparison.Ordinal));
        }

        SqliteConnection.ClearAllPools();
        if (corrupt)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
            stream.Write(new byte[16]);
        }
        else
        {
            File.Delete(file);
        }

        using var reopened = _db.Open();
        var hits = await reopened.SearchAsync(Agent, records[31].Embedding, 40, minScore: -1, recencyWeight: 0, TestDatabase.Now);

        Assert.Equal(records[31].Id, hits[0].Record.Id);
        Assert.Equal(40, hits.Count);
        Assert.DoesNotContain(file, VectorFiles(reopened));
    }

    [Fact]
    public async Task ForgetAsync_OneMemory_WritesACompactedGenerationWithoutIt()
    {
        var records = Records(30, seed: 3);
        using var store = _db.Open();
        await store.AddRangeAsync(records);
        var before = VectorFiles(store);

        await store.ForgetAsync(Agent, records[4].Id, null);
        var hits = await store.SearchAsync(Agent, records[4].Embedding, 30, minScore: -1, recencyWeight: 0, TestDatabase.Now);

        Assert.Equal(29, hits.Count);
        Assert.DoesNotContain(hits, h => h.Record.Id == records[4].Id);
        var after = VectorFiles(store);
        Assert.Equal(3, after.Length);
        Assert.Empty(after.Intersect(before));
        var q8 = after.Single(f => f.EndsWith(".q8", StringComparison.Ordinal));
        var f32 = after.Single(f => f.EndsWith(".f32", StringComparison.Ordinal));
        Assert.Equal(VectorFileLayout.HeaderBytes + (29L * VectorFileLayout.FloatStride(Dimensions)), new FileInfo(f32).Length);
        Assert.True(new FileInfo(q8).Length >= VectorFileLayout.HeaderBytes + (29L * VectorFileLayout.CodeStride(Dimensions)));
    }

    [Fact]
    public async Task PurgeExpiredAsync_ExpiredMemories_LeaveTheFilesWithTheRest()
    {
        var records = Records(20, seed: 4).Select((r, i) => i % 2 == 0 ? r with { ExpiresAt = TestDatabase.Now.AddDays(-1) } : r).ToList();
        using var store = _db.Open();
        await store.AddRangeAsync(records);

        var purged = await store.PurgeExpiredAsync(TestDatabase.Now);
        var hits = await store.SearchAsync(Agent, records[3].Embedding, 20, minScore: -1, recencyWeight: 0, TestDatabase.Now.AddDays(-2));

        Assert.Equal(10, purged);
        Assert.Equal(records.Where((_, i) => i % 2 == 1).Select(r => r.Id).Order(StringComparer.Ordinal), hits.Select(h => h.Record.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddAsync_CrashAfterFileAppendBeforeCommit_RowsBeyondTheCommittedCountAreIgnored()
    {
        var records = Records(12, seed: 5);
        using (var store = _db.Open())
        {
            await store.AddRangeAsync(records.Take(10));
            store.BeforeCommit = () => throw new IOException("simulated crash before the commit");
            await Assert.ThrowsAsync<IOException>(() => store.AddAsync(records[10]));
        }

        SqliteConnection.ClearAllPools();
        using var reopened = _db.Open();
        var missing = await reopened.SearchAsync(Agent, records[10].Embedding, 20, minScore: -1, recencyWeight: 0, TestDatabase.Now);
        await reopened.AddAsync(records[11]);
        var after = await reopened.SearchAsync(Agent, records[11].Embedding, 20, minScore: -1, recencyWeight: 0, TestDatabase.Now);

        Assert.Equal(10, missing.Count);
        Assert.DoesNotContain(missing, h => h.Record.Id == records[10].Id);
        Assert.Equal(11, after.Count);
        Assert.Equal(records[11].Id, after[0].Record.Id);
        Assert.Equal(records[11].Embedding, after[0].Record.Embedding);
    }

    [Fact]
    public async Task Search_RowsAddedByAWriterWithoutFiles_RebuildsEveryAgentFromTheRows()
    {
        var records = Records(10, seed: 6);
        using var store = _db.Open();
        await store.AddRangeAsync(records.Take(9));

        // An older AgentFlow writes the row and bumps the revision, but knows nothing of the vector files.
        await using (var connection = new SqliteConnection($"Data Source={_db.FilePath}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO memories (id, agent, text, embedding, created) VALUES ($id, $agent, 'old writer', $embedding, $created); UPDATE meta SET value = value + 1 WHERE key = 'revision'";
            insert.Parameters.AddWithValue("$id", records[9].Id);
            insert.Parameters.AddWithValue("$agent", Agent);
            insert.Parameters.AddWithValue("$embedding", System.Runtime.InteropServices.MemoryMarshal.AsBytes(records[9].Embedding.AsSpan()).ToArray());
            insert.Parameters.AddWithValue("$created", TestDatabase.Now.Ticks);
            await insert.ExecuteNonQueryAsync();
        }

        var hits = await store.SearchAsync(Agent, records[9].Embedding, 10, minScore: -1, recencyWeight: 0, TestDatabase.Now);

        Assert.Equal(10, hits.Count);
        Assert.Equal(records[9].Id, hits[0].Record.Id);
    }

    [Fact]
    public async Task SearchAsync_FortyThousandRecordsOfOddDimensions_MatchesNaiveTopFive()
    {
        // 100 dimensions: the SIMD kernels' tails and padding; 40k rows: the 4-bit first pass.
        const int Odd = 100;
        using var store = _db.Open(Odd);
        var random = new Random(8);
        var records = Enumerable.Range(0, 40_000).Select(i => new MemoryRecord
        {
            Id = $"o{i:D5}", Agent = Agent, Text = "odd", Embedding = UnitVector(random, Odd), CreatedAt = TestDatabase.Now,
        }).ToList();
        await store.AddRangeAsync(records);

        for (var q = 0; q < 3; q++)
        {
            var query = UnitVector(random, Odd);
            var hits = await store.SearchAsync(Agent, query, 5, minScore: -1, recencyWeight: 0, TestDatabase.Now);

            var expected = records.Select(r => (r.Id, Score: TensorPrimitives.Dot(r.Embedding, query))).OrderByDescending(x => x.Score).Take(5);
            Assert.Equal(expected.Select(x => x.Id), hits.Select(h => h.Record.Id));
        }
    }

    private static string[] VectorFiles(SqliteMemoryStore store) =>
        [.. Directory.GetFiles(store.VectorFolder).Order(StringComparer.Ordinal)];

    private static List<MemoryRecord> Records(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new MemoryRecord
        {
            Id = $"v{seed}-{i:D3}",
            Agent = Agent,
            Text = $"memory {i}",
            Embedding = UnitVector(random, Dimensions),
            CreatedAt = TestDatabase.Now.AddMinutes(-i),
        })];
    }

    private static float[] UnitVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            vector[d] = (random.NextSingle() * 2) - 1;
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
