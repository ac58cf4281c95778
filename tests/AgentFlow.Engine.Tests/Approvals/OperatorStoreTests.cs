using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

public sealed class OperatorStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-operators-").FullName;
    private readonly OperatorStore _store;

    public OperatorStoreTests() => _store = new OperatorStore(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AuthenticateAsync_RightToken_ReturnsTheOperator()
    {
        var (added, token) = await _store.AddAsync("ana", ["editor", "lead"], "ana@example.com", adminToken: null, CancellationToken.None);

        var op = await _store.AuthenticateAsync(token, CancellationToken.None);

        Assert.NotNull(op);
        Assert.Equal(("ana", "ana@example.com"), (op.Name, op.Email));
        Assert.Equal(["editor", "lead", OperatorStore.AdminRole], op.Roles);
        Assert.Equal(added.CreatedAt, op.CreatedAt);
        Assert.StartsWith("af_", token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("af_")]
    [InlineData("not-a-token")]
    [InlineData("af_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AuthenticateAsync_WrongToken_ReturnsNull(string token)
    {
        await _store.AddAsync("ana", ["editor"], null, adminToken: null, CancellationToken.None);

        Assert.Null(await _store.AuthenticateAsync(token, CancellationToken.None));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(54)]
    public async Task AuthenticateAsync_TamperedToken_ReturnsNull(int position)
    {
        var (_, token) = await _store.AddAsync("ana", ["editor"], null, adminToken: null, CancellationToken.None);
        var tampered = token[..position] + (token[position] == 'x' ? 'y' : 'x') + token[(position + 1)..];

        Assert.Null(await _store.AuthenticateAsync(tampered, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_TokenCheckedBefore_ThenRemovedByAnotherProcess_ReturnsNull()
    {
        var (_, admin) = await _store.AddAsync("root", ["ops"], null, adminToken: null, CancellationToken.None);
        var (_, token) = await _store.AddAsync("ana", ["editor"], null, admin, CancellationToken.None);
        Assert.NotNull(await _store.AuthenticateAsync(token, CancellationToken.None));
        Assert.NotNull(await _store.AuthenticateAsync(token, CancellationToken.None));

        Assert.True(await new OperatorStore(_dir).RemoveAsync("ana", admin, CancellationToken.None));

        Assert.Null(await _store.AuthenticateAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_TokenCheckedBefore_AnotherSecretWithTheSameId_ReturnsNull()
    {
        var (_, token) = await _store.AddAsync("ana", ["editor"], null, adminToken: null, CancellationToken.None);
        Assert.NotNull(await _store.AuthenticateAsync(token, CancellationToken.None));
        var forged = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        Assert.Null(await _store.AuthenticateAsync(forged, CancellationToken.None));
        Assert.NotNull(await _store.AuthenticateAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_RemovedOperator_ReturnsNull()
    {
        var (_, admin) = await _store.AddAsync("root", ["ops"], null, adminToken: null, CancellationToken.None);
        var (_, token) = await _store.AddAsync("ana", ["editor"], null, admin, CancellationToken.None);

        Assert.True(await _store.RemoveAsync("ana", admin, CancellationToken.None));

        Assert.Null(await _store.AuthenticateAsync(token, CancellationToken.None));
        Assert.Null(await _store.GetAsync("ana", CancellationToken.None));
        Assert.False(await _store.RemoveAsync("ana", admin, CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_Always_StoresOnlyAHashOfTheToken()
    {
        var (_, token) = await _store.AddAsync("ana", ["editor"], null, adminToken: null, CancellationToken.None);
        var path = Path.Combine(_dir, "operators.json");

        var text = await File.ReadAllTextAsync(path);

        Assert.Contains("\"ana\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token[12..], text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task AddAsync_DuplicateName_ThrowsNamingTheOperator()
    {
        var (_, admin) = await _store.AddAsync("ana", ["editor"], null, adminToken: null, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<OperatorException>(() => _store.AddAsync("ana", ["lead"], null, admin, CancellationToken.None));

        Assert.Equal("operator 'ana' already exists; remove it first or pick another name", ex.Message);
        Assert.Single(await _store.ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("", "editor")]
    [InlineData("a b", "editor")]
    [InlineData("änne", "editor")]
    [InlineData("x/y", "editor")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "editor")]
    [InlineData("ana", "team lead")]
    [InlineData("ana", "")]
    public async Task AddAsync_InvalidNameOrRole_Throws(string name, string role)
    {
        var ex = await Assert.ThrowsAsync<OperatorException>(() => _store.AddAsync(name, [role], null, adminToken: null, CancellationToken.None));

        Assert.Contains("is not valid", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "operators.json")));
    }

    [Fact]
    public async Task AddAsync_NoRoles_AddsAnOperatorWithoutRoles()
    {
        var (_, admin) = await _store.AddAsync("ana", [], null, adminToken: null, CancellationToken.None);

        var (bob, _) = await _store.AddAsync("bob", [], null, admin, CancellationToken.None);

        Assert.Empty(bob.Roles);
        Assert.Equal("bob", (await _store.GetAsync("bob", CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task AddAsync_ValidNameCharacters_AreAccepted()
    {
        await _store.AddAsync("ana.maria_b-2@corp", ["on-call.eu_1"], null, adminToken: null, CancellationToken.None);

        Assert.NotNull(await _store.GetAsync("ana.maria_b-2@corp", CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_ConcurrentFromParallelTasks_AllLand()
    {
        var (_, admin) = await _store.AddAsync("admin", ["ops"], null, adminToken: null, CancellationToken.None);
        var names = Enumerable.Range(1, 12).Select(i => $"op{i:00}").ToArray();

        var added = await Task.WhenAll(names.Select(n => Task.Run(() => _store.AddAsync(n, ["editor"], null, admin, CancellationToken.None))));

        var listed = await _store.ListAsync(CancellationToken.None);
        Assert.Equal(["admin", .. names], listed.Select(o => o.Name));
        foreach (var (op, token) in added)
        {
            Assert.Equal(op.Name, (await _store.AuthenticateAsync(token, CancellationToken.None))?.Name);
        }
    }
}
