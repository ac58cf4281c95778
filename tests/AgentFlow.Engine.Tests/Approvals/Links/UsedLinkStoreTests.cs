using AgentFlow.Engine.Approvals.Links;

namespace AgentFlow.Engine.Tests.Approvals.Links;

/// <summary>Single use: the first claim of a link's nonce wins, durably, also across store instances.</summary>
public sealed class UsedLinkStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private readonly AuditTestFolder _folder = new();

    [Fact]
    public async Task TryUseAsync_FirstUse_Wins_SecondGetsTheFirstUse()
    {
        var link = new ApprovalLink("refund-1", "review", "bob", At.AddHours(1), "n1");

        Assert.Null(await new UsedLinkStore(_folder.Data).TryUseAsync(link, At));
        var again = await new UsedLinkStore(_folder.Data).TryUseAsync(link, At.AddMinutes(5));

        Assert.Equal(new UsedLink("n1", "refund-1", "review", "bob", At), again);
    }

    [Fact]
    public async Task TryUseAsync_ConcurrentClaims_ExactlyOneWins()
    {
        var store = new UsedLinkStore(_folder.Data);
        var link = new ApprovalLink("refund-1", "review", "bob", At.AddHours(1), "n2");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryUseAsync(link, At))));

        Assert.Single(results, r => r is null);
    }

    [Fact]
    public async Task FindAsync_UnusedNonce_IsNull()
    {
        Assert.Null(await new UsedLinkStore(_folder.Data).FindAsync("never"));
    }

    public void Dispose() => _folder.Dispose();
}
