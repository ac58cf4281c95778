using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>Who may add and remove operators (the first one, then admins), and the audit records of changes and refusals.</summary>
public sealed class OperatorAdminTests : IDisposable
{
    private readonly AuditTestFolder _folder = new();
    private readonly AuditLog _audit;
    private readonly OperatorStore _store;

    public OperatorAdminTests()
    {
        _audit = _folder.NewLog();
        _store = new OperatorStore(_folder.Data, _audit);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddAsync_FirstOperator_BecomesAnAdminWithoutAToken()
    {
        var (op, _) = await _store.AddAsync("root", ["finance"], null, adminToken: null);

        Assert.Equal(["finance", OperatorStore.AdminRole], op.Roles);
        var record = Assert.Single(await _audit.ReadAsync(null));
        Assert.Equal((AuditKinds.Operator, "added", "root", null, null, null), (record.Kind, record.Decision, record.Subject, record.Operator, record.RunId, record.Node));
        Assert.Contains("the first operator, so an admin", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_AdminToken_AddsAndAuditsWhoAddedIt()
    {
        var (_, admin) = await _store.AddAsync("root", ["ops"], null, adminToken: null);

        var (bob, _) = await _store.AddAsync("bob", ["finance"], null, admin);

        Assert.Equal(["finance"], bob.Roles);
        var record = (await _audit.ReadAsync(null))[^1];
        Assert.Equal(("added", "bob", "root", "roles: finance"), (record.Decision, record.Subject, record.Operator, record.Reason));
    }

    [Fact]
    public async Task AddAsync_NoTokenOnceThereAreOperators_IsRefusedAndAudited()
    {
        await _store.AddAsync("root", ["ops"], null, adminToken: null);

        var ex = await Assert.ThrowsAsync<OperatorAccessDeniedException>(() => _store.AddAsync("eve", ["finance"], null, adminToken: null));

        Assert.Equal("adding operator 'eve' needs an admin's token: this data directory already has operators", ex.Message);
        Assert.Null(await _store.GetAsync("eve"));
        var record = (await _audit.ReadAsync(null))[^1];
        Assert.Equal((AuditKinds.Operator, "refused", "eve", null, ex.Message), (record.Kind, record.Decision, record.Subject, record.Operator, record.Reason));
    }

    [Fact]
    public async Task AddAsync_NonAdminsToken_IsRefusedNamingTheOperator()
    {
        var (_, admin) = await _store.AddAsync("root", ["ops"], null, adminToken: null);
        var (_, bob) = await _store.AddAsync("bob", ["finance"], null, admin);

        var ex = await Assert.ThrowsAsync<OperatorAccessDeniedException>(() => _store.AddAsync("eve", ["finance"], null, bob));

        Assert.Equal("adding operator 'eve' needs an admin's token, and operator 'bob' (roles: finance) is not an admin", ex.Message);
        Assert.Equal("bob", ex.Actor);
        Assert.Equal(("refused", "bob"), ((await _audit.ReadAsync(null))[^1].Decision, (await _audit.ReadAsync(null))[^1].Operator));
    }

    [Fact]
    public async Task AddAsync_InvalidToken_IsRefused()
    {
        await _store.AddAsync("root", ["ops"], null, adminToken: null);

        var ex = await Assert.ThrowsAsync<OperatorAccessDeniedException>(() => _store.AddAsync("eve", ["finance"], null, "af_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Contains("the token given is not valid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveAsync_WithoutToken_IsRefusedAndKeepsTheOperator()
    {
        var (_, admin) = await _store.AddAsync("root", ["ops"], null, adminToken: null);
        await _store.AddAsync("bob", ["finance"], null, admin);

        var ex = await Assert.ThrowsAsync<OperatorAccessDeniedException>(() => _store.RemoveAsync("bob", adminToken: null));

        Assert.StartsWith("removing operator 'bob' needs an admin's token", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(await _store.GetAsync("bob"));
    }

    [Fact]
    public async Task RemoveAsync_AdminToken_RemovesAndAudits()
    {
        var (_, admin) = await _store.AddAsync("root", ["ops"], null, adminToken: null);
        await _store.AddAsync("bob", ["finance"], null, admin);

        Assert.True(await _store.RemoveAsync("bob", admin));

        var record = (await _audit.ReadAsync(null))[^1];
        Assert.Equal(("removed", "bob", "root"), (record.Decision, record.Subject, record.Operator));
        Assert.True((await _audit.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task RemoveAsync_TheOnlyAdmin_IsRefusedSayingWhatToDoFirst()
    {
        var (_, admin) = await _store.AddAsync("root", ["ops"], null, adminToken: null);

        var ex = await Assert.ThrowsAsync<OperatorException>(() => _store.RemoveAsync("root", admin));

        Assert.Contains("is the only admin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("add another admin first", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_DataDirectoryFromBeforeAdmins_AcceptsAnyOperatorsToken()
    {
        var (_, first) = await _store.AddAsync("old", ["finance"], null, adminToken: null);
        var path = Path.Combine(_folder.Data, "operators.json");
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsArray();
        stored[0]!["roles"] = new JsonArray("finance");
        await File.WriteAllTextAsync(path, stored.ToJsonString());

        var (added, _) = await _store.AddAsync("lead", ["finance", OperatorStore.AdminRole], null, first);

        Assert.Equal("lead", added.Name);
        Assert.Equal("old", (await _audit.ReadAsync(null))[^1].Operator);
    }
}
