namespace AgentFlow.Memory.Tests;

/// <summary>SQLite-only ranking checks; the store-agnostic ones are in <see cref="MemoryStoreContractTests"/>.</summary>
public sealed class SqliteMemoryStoreRankingTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task SearchAsync_TenThousandRecords_MatchesNaiveCosineTopFive()
    {
        const int Dimensions = 384;
        using var store = _db.Open();
        var random = new Random(42);
        var records = new List<MemoryRecord>();
        for (var i = 0; i < 10_000; i++)
        {
            var vector = RandomUnitVector(random, Dimensions);
            records.Add(new MemoryRecord { Id = $"m{i:D5}", Agent = "bulk", Text = $"memory {i}", Embedding = vector, CreatedAt = TestDatabase.Now.AddSeconds(-i) });
        }

        foreach (var record in records)
        {
            await store.AddAsync(record);
        }

        for (var q = 0; q < 3; q++)
        {
            var query = RandomUnitVector(random, Dimensions);
            var expected = records
                .Select(r => (r.Id, Score: r.Embedding.Select((v, d) => (double)v * query[d]).Sum()))
                .OrderByDescending(x => x.Score)
                .Take(5)
                .ToList();

            var hits = await store.SearchAsync("bulk", query, 5, minScore: -1, recencyWeight: 0, TestDatabase.Now);

            Assert.Equal(expected.Select(x => x.Id), hits.Select(h => h.Record.Id));
            Assert.All(hits.Zip(expected), pair => Assert.Equal(pair.Second.Score, pair.First.Score, 4));
        }
    }

    private static float[] RandomUnitVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            vector[d] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }
}
