using AgentFlow.Engine.Approvals.Links;

namespace AgentFlow.Engine.Tests.Approvals.SharedRecords;

/// <summary>
/// Single use, whichever <see cref="IUsedLinkStore"/> keeps the nonces: each <see cref="OpenStore"/> is another store
/// (as in another process or on another machine) over the same records.
/// </summary>
public abstract class UsedLinkStoreContractTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A new store instance over this test's records.</summary>
    protected abstract IUsedLinkStore OpenStore();

    [Fact]
    public async Task TryUseAsync_FirstUse_Wins_SecondOnAnotherInstanceGetsTheFirstUse()
    {
        var link = new ApprovalLink("refund-1", "each[3].review", "bob", At.AddHours(1), "0a1b2c3d4e5f");

        Assert.Null(await OpenStore().TryUseAsync(link, At));
        var again = await OpenStore().TryUseAsync(link, At.AddMinutes(5));

        Assert.Equal(new UsedLink("0a1b2c3d4e5f", "refund-1", "each[3].review", "bob", At), again);
        Assert.Equal(again, await OpenStore().FindAsync("0a1b2c3d4e5f"));
    }

    [Fact]
    public async Task TryUseAsync_InstancesRacingOneNonce_ExactlyOneWins()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore()).ToArray();
        var link = new ApprovalLink("refund-2", "review", "bob", At.AddHours(1), "ffee0011");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claims = stores.SelectMany(s => new[] { s, s }).Select((s, i) => Task.Run(async () =>
        {
            await go.Task;
            return await s.TryUseAsync(link, At.AddSeconds(i));
        })).ToArray();

        go.SetResult();
        var results = await Task.WhenAll(claims);

        Assert.Single(results, r => r is null);
        var winner = await OpenStore().FindAsync("ffee0011");
        Assert.NotNull(winner);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(winner, r));
    }

    [Fact]
    public async Task FindAsync_UnusedNonce_IsNull()
    {
        Assert.Null(await OpenStore().FindAsync("abc123"));
    }

    [Fact]
    public async Task TryUseAsync_DifferentNonces_AreIndependent()
    {
        var store = OpenStore();

        Assert.Null(await store.TryUseAsync(new ApprovalLink("r", "n", "bob", At.AddHours(1), "aa01"), At));
        Assert.Null(await store.TryUseAsync(new ApprovalLink("r", "n", "bob", At.AddHours(1), "aa02"), At));
    }
}
