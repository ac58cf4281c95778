using System.Net;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary><c>allowHosts</c> entries with ports (<c>host:port</c>, <c>[::1]:8080</c>), against real servers on two loopback ports.</summary>
public sealed class HttpAllowHostsTests
{
    private static readonly HttpToolKind Kind = new();

    [Fact]
    public async Task InvokeAsync_RedirectToAnotherPortOfAPinnedHost_IsRefusedWithoutFollowing()
    {
        await using var other = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));
        await using var server = new LocalHttpServer((c, _) => Redirect(c, other.BaseUrl + "/elsewhere"));
        var tool = Tool(server.BaseUrl + "/start", $"127.0.0.1:{server.Port}");

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(ToolCalls.Create(tool, []), default));

        Assert.Equal(
            $"http tool 'tool': GET {server.BaseUrl}/start redirected to {other.BaseUrl}, but port {other.Port} of 127.0.0.1 is not allowed: "
            + $"allowHosts pins 127.0.0.1 to port {server.Port}; add \"127.0.0.1:{other.Port}\" to allowHosts to allow it; nothing was sent there",
            ex.Message);
        Assert.Single(server.Requests);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task InvokeAsync_RedirectToAnotherPinnedPort_IsFollowed()
    {
        await using var other = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "arrived", "text/plain"));
        await using var server = new LocalHttpServer((c, _) => Redirect(c, other.BaseUrl + "/elsewhere"));
        var tool = Tool(server.BaseUrl + "/start", $"127.0.0.1:{server.Port}", $"127.0.0.1:{other.Port}");

        var result = await Kind.InvokeAsync(ToolCalls.Create(tool, []), default);

        Assert.Equal("arrived", result!["body"]!.GetValue<string>());
        Assert.Equal("/elsewhere", Assert.Single(other.Requests).PathAndQuery);
    }

    [Fact]
    public async Task InvokeAsync_HostWithoutPort_AllowsRedirectToAnyPort()
    {
        await using var other = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "arrived", "text/plain"));
        await using var server = new LocalHttpServer((c, _) => Redirect(c, other.BaseUrl + "/elsewhere"));

        var result = await Kind.InvokeAsync(ToolCalls.Create(Tool(server.BaseUrl + "/start", "127.0.0.1"), []), default);

        Assert.Equal("arrived", result!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_UrlOnAnotherPortOfAPinnedHost_IsRefusedBeforeAnyRequest()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));
        var tool = Tool("http://127.0.0.1:{{ port }}/data", "127.0.0.1:1");

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(ToolCalls.Create(tool, new JsonObject { ["port"] = server.Port }), default));

        Assert.StartsWith($"http tool 'tool': {server.BaseUrl} is refused: port {server.Port} of 127.0.0.1 is not allowed: allowHosts pins 127.0.0.1 to port 1;", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("https://api.example.com/v1", "api.example.com:443")]
    [InlineData("http://api.example.com/v1", "API.example.com:80")]
    [InlineData("https://api.example.com:8443/v1", "api.example.com:8443")]
    [InlineData("http://[::1]:8080/v1", "[::1]:8080")]
    [InlineData("http://[::1]:8080/v1", "[::1]")]
    [InlineData("http://[::1]:8080/v1", "::1")]
    [InlineData("http://localhost:9000/v1", "localhost")]
    public void Check_UrlAllowedByEntry_HasNoProblem(string url, string entry)
    {
        Assert.Empty(Kind.Check(ToolCalls.Create(Tool(url, entry), []).Tool));
    }

    [Theory]
    [InlineData("https://api.example.com/v1", "api.example.com:8443", "port 443 of api.example.com is not allowed: allowHosts pins api.example.com to port 8443; add \"api.example.com:443\"")]
    [InlineData("http://[::1]:9090/v1", "[::1]:8080", "port 9090 of [::1] is not allowed: allowHosts pins [::1] to port 8080; add \"[::1]:9090\"")]
    public void Check_UrlOnAnotherPortOfAPinnedHost_SaysWhichPortToAdd(string url, string entry, string expected)
    {
        var problem = Assert.Single(Kind.Check(ToolCalls.Create(Tool(url, entry), []).Tool));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:99999", "has port '99999', which is not a port number")]
    [InlineData("localhost:0", "has port '0', which is not a port number")]
    [InlineData("localhost:http", "has port 'http', which is not a port number")]
    [InlineData("localhost:", "has port '', which is not a port number")]
    [InlineData("[::1]:x", "has port 'x', which is not a port number")]
    [InlineData("[::1", "is not a valid IPv6 entry")]
    [InlineData(":8080", "names no host")]
    [InlineData("https://api.example.com", "is not a host; write only the host name")]
    public void Check_InvalidAllowHostsEntry_IsAConfigurationErrorNamingTheTool(string entry, string expected)
    {
        var tool = ToolCalls.Create(Tool("https://api.example.com/v1", "api.example.com", entry), []).Tool;

        var problem = Assert.Single(Kind.Check(tool));

        Assert.StartsWith($"http tool 'tool': allowHosts[1] '{entry}' ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_InvalidAllowHostsEntry_FailsBeforeAnyRequest()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(ToolCalls.Create(Tool(server.BaseUrl, "127.0.0.1:65536"), []), default));

        Assert.StartsWith("http tool 'tool': allowHosts[0] '127.0.0.1:65536' has port '65536'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    private static JsonObject Tool(string url, params string[] allowHosts) => new()
    {
        ["kind"] = "http",
        ["risk"] = "low",
        ["url"] = url,
        ["allowHosts"] = new JsonArray([.. allowHosts.Select(h => (JsonNode)h)]),
    };

    private static Task Redirect(HttpListenerContext context, string location)
    {
        context.Response.StatusCode = 302;
        context.Response.RedirectLocation = location;
        context.Response.Close();
        return Task.CompletedTask;
    }
}
