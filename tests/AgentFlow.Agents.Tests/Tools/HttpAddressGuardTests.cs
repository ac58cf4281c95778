using System.Net;
using System.Net.Sockets;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;
using AgentFlow.Agents.Tools.Policy;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>
/// The connect-time check of the http tool: names are resolved once through a stub, every address is checked, and
/// each redirect hop is checked again. Servers are real, on 127.0.0.1; the names never reach a DNS server.
/// </summary>
public sealed class HttpAddressGuardTests
{
    private const string LoopbackRefusal = "evil.test resolves to 127.0.0.1, a loopback address (this machine), which this host connects to only when the host setting tools.http.allowHosts lists it";

    [Fact]
    public async Task InvokeAsync_NameResolvingToLoopback_IsRefusedBeforeConnecting()
    {
        await using var server = new AnyHostHttpServer();
        using var kind = Kind(Resolve("evil.test", IPAddress.Loopback));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call($"http://evil.test:{server.Port}/", "evil.test"), default));

        Assert.Equal($"http tool 'tool': GET http://evil.test:{server.Port}/ is refused before connecting: {LoopbackRefusal}; nothing was sent", ex.Message);
        Assert.Empty(server.Hosts);
    }

    [Fact]
    public async Task InvokeAsync_NameResolvingToMappedLoopback_IsRefused()
    {
        await using var server = new AnyHostHttpServer();
        using var kind = Kind(Resolve("evil.test", IPAddress.Parse("::ffff:127.0.0.1")));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call($"http://evil.test:{server.Port}/", "evil.test"), default));

        Assert.Contains(LoopbackRefusal, ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Hosts);
    }

    [Fact]
    public async Task InvokeAsync_NameResolvingToPublicAndMetadataAddresses_IsRefusedWithoutConnecting()
    {
        using var kind = Kind(Resolve("mixed.test", IPAddress.Parse("93.184.216.34"), IPAddress.Parse("169.254.169.254")));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call("http://mixed.test/", "mixed.test"), default));

        Assert.Contains("mixed.test resolves to 169.254.169.254, a cloud metadata address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NameListedByTheHost_ConnectsToTheLoopbackAddressItResolvesTo()
    {
        await using var server = new AnyHostHttpServer();
        using var kind = Kind(Resolve("evil.test", IPAddress.Loopback), new ToolPolicyOptions { Strict = true, HttpAllowHosts = ["evil.test"] });

        var result = await kind.InvokeAsync(Call($"http://evil.test:{server.Port}/", "evil.test"), default);

        Assert.Equal("ok", result!["body"]!.GetValue<string>());
        Assert.Equal($"evil.test:{server.Port}", Assert.Single(server.Hosts));
    }

    [Fact]
    public async Task InvokeAsync_LoopbackAddressListedByTheHostInStrictMode_IsAllowed()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "here", "text/plain"));
        using var kind = Kind(null, new ToolPolicyOptions { Strict = true, HttpAllowHosts = ["127.0.0.1"] });

        var result = await kind.InvokeAsync(Call(server.BaseUrl + "/data", "127.0.0.1"), default);

        Assert.Equal("here", result!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_LoopbackAddressInStrictModeNotListedByTheHost_IsRefused()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));
        using var kind = Kind(null, new ToolPolicyOptions { Strict = true });

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call(server.BaseUrl + "/data", "127.0.0.1"), default));

        Assert.Contains("127.0.0.1 resolves to 127.0.0.1, a loopback address (this machine), which this host in strict mode connects to only when the host setting tools.http.allowHosts lists it", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task InvokeAsync_RedirectFromAnAllowedHostToANameResolvingToLoopback_IsRefused()
    {
        await using var target = new AnyHostHttpServer();
        await using var server = new LocalHttpServer((c, _) => Redirect(c, $"http://evil.test:{target.Port}/internal"));
        using var kind = Kind(Resolve("evil.test", IPAddress.Loopback));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call(server.BaseUrl + "/start", "127.0.0.1", "evil.test"), default));

        Assert.Equal($"http tool 'tool': GET http://evil.test:{target.Port}/internal is refused before connecting: {LoopbackRefusal}; nothing was sent", ex.Message);
        Assert.Single(server.Requests);
        Assert.Empty(target.Hosts);
    }

    [Fact]
    public async Task InvokeAsync_RedirectToTheMetadataAddress_IsRefusedWithoutConnecting()
    {
        await using var server = new LocalHttpServer((c, _) => Redirect(c, "http://169.254.169.254/latest/meta-data/"));
        using var kind = Kind(null);

        // The workflow lists the address, but only the host may: Check refuses it before a run; the call refuses it too.
        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call(server.BaseUrl + "/start", "127.0.0.1", "169.254.169.254"), default));

        Assert.Contains("169.254.169.254 resolves to 169.254.169.254, a cloud metadata address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_RedirectBeyondTheHostCeiling_IsRefusedWithoutFollowing()
    {
        await using var other = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));
        await using var server = new LocalHttpServer((c, _) => Redirect(c, other.BaseUrl + "/elsewhere"));
        using var kind = Kind(null, new ToolPolicyOptions { HttpAllowHosts = [$"127.0.0.1:{server.Port}"] });

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(Call(server.BaseUrl + "/start", "127.0.0.1"), default));

        Assert.Equal(
            $"http tool 'tool': {other.BaseUrl}: GET {server.BaseUrl}/start redirected to it, which is refused: it is beyond the host setting tools.http.allowHosts (127.0.0.1:{server.Port}); nothing was sent there",
            ex.Message);
        Assert.Empty(other.Requests);
    }

    private static HttpToolKind Kind(Func<string, CancellationToken, Task<IPAddress[]>>? resolve, ToolPolicyOptions? policy = null) =>
        new(new HttpToolOptions { ResolveHost = resolve }, policy);

    // Only the one test name resolves; anything else would be a test bug, so it fails loudly instead of asking DNS.
    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolve(string name, params IPAddress[] addresses) => (host, _) =>
        host == name ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);

    private static Abstractions.Tools.ToolCall Call(string url, params string[] allowHosts) => ToolCalls.Create(HttpHostCeilingTests.Tool(url, allowHosts), []);

    private static Task Redirect(HttpListenerContext context, string location)
    {
        context.Response.StatusCode = 302;
        context.Response.RedirectLocation = location;
        context.Response.Close();
        return Task.CompletedTask;
    }
}
