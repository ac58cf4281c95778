using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals.SharedRecords;

/// <summary>
/// What every operator storage must do, whichever <see cref="Records.IVersionedDocument"/> holds it: each
/// <see cref="OpenStore"/> is another store (as in another process or on another machine) over the same operators.
/// </summary>
public abstract class OperatorStoreContractTests
{
    /// <summary>A new store instance over this test's operators.</summary>
    protected abstract OperatorStore OpenStore();

    [Fact]
    public async Task AddAsync_FirstOperator_IsAnAdmin_LaterOnesAreNot()
    {
        var store = OpenStore();

        var (first, admin) = await store.AddAsync("root", ["ops"], null, adminToken: null);
        var (second, _) = await store.AddAsync("ana", ["editor"], "ana@example.com", admin);

        Assert.Equal(["ops", OperatorStore.AdminRole], first.Roles);
        Assert.Equal(["editor"], second.Roles);
        Assert.Equal(["ana", "root"], (await store.ListAsync()).Select(o => o.Name));
    }

    [Fact]
    public async Task AuthenticateAsync_AddedThenRemoved_WorksThenStops()
    {
        var store = OpenStore();
        var (_, admin) = await store.AddAsync("root", [], null, adminToken: null);
        var (_, token) = await store.AddAsync("ana", ["editor"], null, admin);
        Assert.Equal("ana", (await store.AuthenticateAsync(token))?.Name);

        Assert.True(await store.RemoveAsync("ana", admin));

        Assert.Null(await store.AuthenticateAsync(token));
        Assert.Null(await store.GetAsync("ana"));
        Assert.False(await store.RemoveAsync("ana", admin));
    }

    [Fact]
    public async Task AddAsync_SecondOperatorWithoutAdminToken_IsRefused()
    {
        var store = OpenStore();
        await store.AddAsync("root", [], null, adminToken: null);

        await Assert.ThrowsAsync<OperatorAccessDeniedException>(() => store.AddAsync("ana", [], null, adminToken: null));

        Assert.Single(await OpenStore().ListAsync());
    }

    [Fact]
    public async Task AuthenticateAsync_TokenFromAnotherInstance_Authenticates()
    {
        var (_, token) = await OpenStore().AddAsync("root", ["ops"], null, adminToken: null);

        var op = await OpenStore().AuthenticateAsync(token);

        Assert.Equal(("root", true), (op?.Name, op?.Roles.Contains(OperatorStore.AdminRole)));
        Assert.Null(await OpenStore().AuthenticateAsync(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
    }

    [Fact]
    public async Task AddAsync_TwoInstancesConcurrently_NoAdditionIsLost()
    {
        var (_, admin) = await OpenStore().AddAsync("root", [], null, adminToken: null);
        var (one, two) = (OpenStore(), OpenStore());
        var names = Enumerable.Range(1, 6).Select(i => $"op{i}").ToArray();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var adding = names.Select((name, i) => Task.Run(async () =>
        {
            await go.Task;
            return await (i % 2 == 0 ? one : two).AddAsync(name, ["editor"], null, admin);
        })).ToArray();

        go.SetResult();
        var added = await Task.WhenAll(adding);

        Assert.Equal(["op1", "op2", "op3", "op4", "op5", "op6", "root"], (await OpenStore().ListAsync()).Select(o => o.Name));
        foreach (var (op, token) in added)
        {
            Assert.Equal(op.Name, (await OpenStore().AuthenticateAsync(token))?.Name);
        }
    }

    [Fact]
    public async Task RemoveAsync_ConcurrentWithAnAddOnAnotherInstance_BothChangesLand()
    {
        var store = OpenStore();
        var (_, admin) = await store.AddAsync("root", [], null, adminToken: null);
        await store.AddAsync("ana", [], null, admin);

        await Task.WhenAll(Task.Run(() => OpenStore().RemoveAsync("ana", admin)), Task.Run(() => OpenStore().AddAsync("bob", [], null, admin)));

        Assert.Equal(["bob", "root"], (await OpenStore().ListAsync()).Select(o => o.Name));
    }
}
