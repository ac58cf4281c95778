using System.Numerics.Tensors;

namespace AgentFlow.Memory.Tests;

public sealed class SqliteMemoryStoreBulkTests : IDisposable
{
    private const int Dimensions = 384;
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task AddRangeAsync_ExistingId_SkipsItAndReturnsNewCount()
    {
        using var store = _db.Open();
        var random = new Random(1);
        await store.AddRangeAsync([Record("a", random)]);

        var added = await store.AddRangeAsync([Record("a", random), Record("b", random)]);

        Assert.Equal(1, added);
        Assert.Equal(["a", "b"], (await store.ListAsync("bulk", 10)).Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_FiftyThousandRecords_MatchesNaiveCosineTopFive()
    {
        // Large enough for the scan to be split in two halves.
        using var store = _db.Open(Dimensions);
        var random = new Random(7);
        var records = Enumerable.Range(0, 50_000).Select(i => Record($"m{i:D5}", random, TestDatabase.Now.AddSeconds(-i))).ToList();
        await store.AddRangeAsync(records);
        var query = UnitVector(random);

        var hits = await store.SearchAsync("bulk", query, 5, minScore: -1, recencyWeight: 0, TestDatabase.Now);

        var expected = records.Select(r => (r.Id, Score: (double)TensorPrimitives.Dot(r.Embedding, query))).OrderByDescending(x => x.Score).Take(5);
        Assert.Equal(expected.Select(x => x.Id), hits.Select(h => h.Record.Id));
    }

    [Fact]
    public async Task SearchAsync_FiftyThousandEqualScores_SmallestIdsAcrossBothHalves()
    {
        using var store = _db.Open(Dimensions);
        var vector = UnitVector(new Random(3));
        // Inserted in descending id order, so the smallest ids sit in the second half of the scan.
        var records = Enumerable.Range(0, 50_000).Reverse()
            .Select(i => new MemoryRecord { Id = $"m{i:D5}", Agent = "bulk", Text = "same", Embedding = vector, CreatedAt = TestDatabase.Now });
        await store.AddRangeAsync(records);

        var hits = await store.SearchAsync("bulk", vector, 3, minScore: 0, recencyWeight: 0, TestDatabase.Now);

        Assert.Equal(["m00000", "m00001", "m00002"], hits.Select(h => h.Record.Id));
    }

    private static MemoryRecord Record(string id, Random random, DateTime? created = null) =>
        new() { Id = id, Agent = "bulk", Text = id, Embedding = UnitVector(random), CreatedAt = created ?? TestDatabase.Now };

    private static float[] UnitVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] = (float)((random.NextDouble() * 2) - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
