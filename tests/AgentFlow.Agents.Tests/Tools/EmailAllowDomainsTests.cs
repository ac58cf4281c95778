using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;
using AgentFlow.Agents.Tools.Policy;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>The host's <c>tools.email.allowDomains</c> ceiling over the email tools' recipients, through the outbox.</summary>
public sealed class EmailAllowDomainsTests : IDisposable
{
    private static readonly ToolPolicyOptions Ceiling = new() { EmailAllowDomains = ["example.com"] };
    private readonly string _outbox = Directory.CreateTempSubdirectory("agentflow-outbox-").FullName;

    public void Dispose() => Directory.Delete(_outbox, recursive: true);

    [Fact]
    public void Check_ToolAllowsADomainBeyondTheCeiling_IsRefusedNamingToolAndSetting()
    {
        var kind = new OutboxEmailToolKind(_outbox, Ceiling);

        var problem = Assert.Single(kind.Check(Call("""{ "kind": "email", "risk": "high", "allowDomains": ["example.com", "elsewhere.test"] }""", "a@example.com").Tool));

        Assert.Equal("email tool 'tool' allows domain 'elsewhere.test', which is beyond the host setting tools.email.allowDomains (example.com)", problem);
    }

    [Fact]
    public void Check_SmtpToolAllowsADomainBeyondTheCeiling_IsRefused()
    {
        var kind = new SmtpEmailToolKind(new SmtpOptions { Host = "127.0.0.1" }, Ceiling);

        var problem = Assert.Single(kind.Check(Call("""{ "kind": "email", "risk": "high", "allowDomains": ["elsewhere.test"] }""", "a@example.com").Tool));

        Assert.Contains("beyond the host setting tools.email.allowDomains", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_RecipientOutsideTheCeiling_IsRefusedAndNothingIsWritten()
    {
        var kind = new OutboxEmailToolKind(_outbox, Ceiling);

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call("""{ "kind": "email", "risk": "high" }""", "a@example.com", "eve@elsewhere.test"), default));

        Assert.Equal("email tool 'tool': eve@elsewhere.test is not in a domain the host allows (host setting tools.email.allowDomains: example.com); nothing was sent", ex.Message);
        Assert.Empty(Directory.GetFiles(_outbox));
    }

    [Fact]
    public async Task InvokeAsync_RecipientInsideTheCeiling_IsWritten()
    {
        var kind = new OutboxEmailToolKind(_outbox, Ceiling);

        await kind.InvokeAsync(Call("""{ "kind": "email", "risk": "high" }""", "A@Example.com"), default);

        Assert.Single(Directory.GetFiles(_outbox));
    }

    private static Abstractions.Tools.ToolCall Call(string tool, params string[] to) => ToolCalls.Create(tool, new JsonObject
    {
        ["to"] = new JsonArray([.. to.Select(a => (JsonNode)a)]),
        ["subject"] = "Hello",
        ["text"] = "Hi.",
    });
}
