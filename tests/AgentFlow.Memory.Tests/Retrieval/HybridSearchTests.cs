using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Memory.Tests.Retrieval;

public sealed class HybridSearchTests : IDisposable
{
    private readonly RetrievalFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Bm25_ExactTermInOneDocument_RanksItFirst()
    {
        // Rows 0..3 with lengths; "refund" appears in rows 1 (once, long) and 2 (twice, short); "invoice" only in row 3.
        int[] lengths = [10, 40, 8, 12];
        IReadOnlyList<(int Row, int Tf)>[] postings = [[(1, 1), (2, 2)], [(3, 1)]];

        var ranking = Bm25.Rank(postings, lengths, lengths.Average(), 10);

        Assert.Equal([3, 2, 1], ranking);
    }

    [Fact]
    public void Bm25_EqualScores_EarlierRowFirst()
    {
        var ranking = Bm25.Rank([[(5, 1), (2, 1), (4, 1)]], [5, 5, 5, 5, 5, 5], 5, 10);

        Assert.Equal([2, 4, 5], ranking);
    }

    [Fact]
    public void Fuse_FirstInBothRankings_ScoresOne()
    {
        var fused = RankFusion.Fuse([[7, 1, 2], [7, 2, 1]], k: 60, top: 10);

        Assert.Equal((7, 1.0), fused[0]);
        Assert.Equal([7, 1, 2], fused.Select(f => f.Item));
    }

    [Fact]
    public void Fuse_TiedSums_BrokenByItemAndStableAcrossCalls()
    {
        int[][] rankings = [[9, 3], [3, 9]];

        var first = RankFusion.Fuse(rankings, k: 60, top: 10);
        var second = RankFusion.Fuse(rankings, k: 60, top: 10);

        Assert.Equal([3, 9], first.Select(f => f.Item));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Fuse_OnlyInOneRanking_ScoresAtMostHalf()
    {
        var fused = RankFusion.Fuse([[], [4, 5]], k: 60, top: 10);

        Assert.Equal(0.5, fused[0].Score, 12);
        Assert.True(fused[1].Score < 0.5);
    }

    [Fact]
    public async Task SearchAsync_InvoiceNumber_FindsTheMailThatQuotesIt()
    {
        using var service = _folder.Open();

        var hits = await service.SearchAsync(RetrievalFolder.Files("data/inbox/*.txt", "inbox"), RepoData.Workflows, "INV-20931", 3);

        Assert.Equal("01-double-charge.txt", hits[0].DocumentId);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task SearchAsync_SameQueryTwice_SameResultsInSameOrder()
    {
        using var service = _folder.Open();
        var inbox = RetrievalFolder.Files("data/inbox/*.txt", "inbox");

        var first = await service.SearchAsync(inbox, RepoData.Workflows, "support@example.com", 20);
        var second = await service.SearchAsync(inbox, RepoData.Workflows, "support@example.com", 20);

        Assert.Equal(8, first.Count);
        Assert.Equal(first, second);
        Assert.All(first.Zip(first.Skip(1)), pair => Assert.True(pair.First.Score >= pair.Second.Score));
    }

    [Fact]
    public async Task SearchAsync_BlankQuery_NoResults()
    {
        using var service = _folder.Open();

        Assert.Empty(await service.SearchAsync(RetrievalFolder.Files("data/inbox/*.txt", "inbox"), RepoData.Workflows, "  ", 5));
    }
}
