using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;
using AgentFlow.Agents.Tools.Policy;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>The host's <c>tools.http.allowHosts</c> ceiling and address rules, checked before a run starts.</summary>
public sealed class HttpHostCeilingTests
{
    [Theory]
    [InlineData("169.254.169.254", "a cloud metadata address")]
    [InlineData("[fd00:ec2::254]", "a cloud metadata address")]
    [InlineData("[::ffff:169.254.169.254]", "a cloud metadata address")]
    [InlineData("169.254.10.1", "a link-local address")]
    [InlineData("0.0.0.0", "an unspecified address (this machine)")]
    [InlineData("[::ffff:0.0.0.0]", "an unspecified address (this machine)")]
    public void Check_WorkflowAllowsAddressOnlyTheHostMayAllow_IsRefusedNamingToolAndSetting(string entry, string scope)
    {
        using var kind = new HttpToolKind();

        var problem = Assert.Single(Problems(kind, Tool("{{ url }}", entry)));

        Assert.Equal($"http tool 'tool' allows {entry}, {scope}, which this host reaches only when the host setting tools.http.allowHosts lists it", problem);
    }

    [Fact]
    public void Check_MetadataAddressListedByHost_HasNoProblem()
    {
        using var kind = new HttpToolKind(policy: new ToolPolicyOptions { HttpAllowHosts = ["169.254.169.254"] });

        Assert.Empty(Problems(kind, Tool("http://169.254.169.254/latest/meta-data", "169.254.169.254")));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:8080")]
    [InlineData("localhost")]
    [InlineData("10.0.0.7")]
    public void Check_LoopbackOrPrivateAddressNamedByWorkflow_IsAllowedOutsideStrictMode(string entry)
    {
        using var kind = new HttpToolKind();

        Assert.Empty(Problems(kind, Tool("{{ url }}", entry)));
    }

    [Theory]
    [InlineData("127.0.0.1", "a loopback address (this machine)")]
    [InlineData("localhost:8080", "a loopback address (this machine)")]
    [InlineData("192.168.1.20", "a private address")]
    [InlineData("[fd12::1]", "a private address")]
    public void Check_LoopbackOrPrivateAddressInStrictMode_IsRefusedUnlessTheHostListsIt(string entry, string scope)
    {
        using var strict = new HttpToolKind(policy: new ToolPolicyOptions { Strict = true });
        using var listed = new HttpToolKind(policy: new ToolPolicyOptions { Strict = true, HttpAllowHosts = ["*", entry] });

        var problem = Assert.Single(Problems(strict, Tool("{{ url }}", entry)));

        Assert.Equal($"http tool 'tool' allows {entry}, {scope}, which this host in strict mode reaches only when the host setting tools.http.allowHosts lists it", problem);
        Assert.Empty(Problems(listed, Tool("{{ url }}", entry)));
    }

    [Fact]
    public void Check_HostBeyondTheCeiling_IsRefusedNamingToolAndSetting()
    {
        using var kind = new HttpToolKind(policy: new ToolPolicyOptions { HttpAllowHosts = ["api.example.com", "127.0.0.1:8080"] });

        var problems = Problems(kind, Tool("https://api.example.com/v1", "api.example.com", "evil.example.net", "127.0.0.1:9090", "127.0.0.1"));

        Assert.Equal(
            [
                "http tool 'tool' allows evil.example.net, which is beyond the host setting tools.http.allowHosts (api.example.com, 127.0.0.1:8080)",
                "http tool 'tool' allows 127.0.0.1:9090, which is beyond the host setting tools.http.allowHosts (api.example.com, 127.0.0.1:8080)",
            ],
            problems);
    }

    [Fact]
    public void Check_WildcardCeiling_AllowsPublicHostsButNotMetadata()
    {
        using var kind = new HttpToolKind(policy: new ToolPolicyOptions { HttpAllowHosts = ["*"] });

        Assert.Empty(Problems(kind, Tool("https://api.example.com/v1", "api.example.com")));
        Assert.Contains("beyond the host setting tools.http.allowHosts (*)", Assert.Single(Problems(kind, Tool("http://169.254.169.254/", "169.254.169.254"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_UrlBeyondTheCeiling_IsRefusedBeforeAnyRequest()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));
        using var kind = new HttpToolKind(policy: new ToolPolicyOptions { HttpAllowHosts = ["127.0.0.1:1"] });

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(ToolCalls.Create(Tool(server.BaseUrl + "/data", "127.0.0.1"), []), default));

        Assert.Equal($"http tool 'tool': {server.BaseUrl}: is refused: it is beyond the host setting tools.http.allowHosts (127.0.0.1:1); nothing was sent", ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Constructor_MalformedCeilingEntry_NamesTheEntry()
    {
        var ex = Assert.Throws<Abstractions.Configuration.ConfigurationException>(() => new HttpToolKind(policy: new ToolPolicyOptions { HttpAllowHosts = ["https://api.example.com"] }));

        Assert.Contains("tools.http.allowHosts[0]", ex.Message, StringComparison.Ordinal);
    }

    internal static JsonObject Tool(string url, params string[] allowHosts) => new()
    {
        ["kind"] = "http",
        ["risk"] = "low",
        ["url"] = url,
        ["allowHosts"] = new JsonArray([.. allowHosts.Select(h => (JsonNode)h)]),
    };

    private static List<string> Problems(HttpToolKind kind, JsonObject tool) => [.. kind.Check(ToolCalls.Create(tool, []).Tool)];
}

