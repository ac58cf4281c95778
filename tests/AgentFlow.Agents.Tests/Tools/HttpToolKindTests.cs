using System.Net;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>The <c>http</c> tool kind against a real HTTP server on 127.0.0.1.</summary>
public sealed class HttpToolKindTests
{
    private static readonly HttpToolKind Kind = new();

    [Fact]
    public async Task InvokeAsync_Get_RendersTheUrlWithArgsAndParsesJson()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, """{ "id": "A-1", "total": 42.5 }"""));
        var call = ToolCalls.Create(Tool(server.BaseUrl + "/orders/{{ id }}?verbose={{ verbose }}"), new JsonObject { ["id"] = "A-1", ["verbose"] = true });

        var result = await Kind.InvokeAsync(call, default);

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/orders/A-1?verbose=true", request.PathAndQuery);
        Assert.Equal(200, result!["status"]!.GetValue<int>());
        Assert.Equal("application/json", result["headers"]!["content-type"]!.GetValue<string>());
        Assert.Equal(42.5, result["body"]!["total"]!.GetValue<double>());
    }

    [Fact]
    public async Task InvokeAsync_PostWithoutBody_SendsTheArgsAsJson()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 201, "created", "text/plain"));
        var args = new JsonObject { ["order"] = "A-1", ["amount"] = 40, ["items"] = new JsonArray("book", "pen") };

        var result = await Kind.InvokeAsync(ToolCalls.Create(Tool(server.BaseUrl + "/refunds", method: "POST"), args), default);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(args, JsonNode.Parse(request.Body)));
        Assert.Equal(201, result!["status"]!.GetValue<int>());
        Assert.Equal("created", result["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_BodyAndHeaders_AreRenderedFromArgs()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));
        var tool = Tool(server.BaseUrl + "/notes", method: "PUT");
        tool["headers"] = new JsonObject { ["X-Trace"] = "trace-{{ id }}" };
        tool["body"] = new JsonObject { ["title"] = "Note {{ id }}", ["tags"] = "{{ tags }}", ["fixed"] = 3 };

        await Kind.InvokeAsync(ToolCalls.Create(tool, new JsonObject { ["id"] = 7, ["tags"] = new JsonArray("a", "b") }), default);

        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("trace-7", request.Headers["X-Trace"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "title": "Note 7", "tags": ["a", "b"], "fixed": 3 }"""), JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task InvokeAsync_RenderedHostNotAllowed_IsRefusedBeforeAnyRequest()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 200, "{}"));
        var call = ToolCalls.Create(Tool("http://{{ host }}/data", allowHosts: ["api.example.com"]), new JsonObject { ["host"] = $"127.0.0.1:{server.Port}" });

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(call, default));

        Assert.Equal($"http tool 'tool': http://127.0.0.1:{server.Port} is not in allowHosts (api.example.com); nothing was sent", ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task InvokeAsync_RedirectToAllowedHost_IsFollowed()
    {
        await using var server = new LocalHttpServer((c, _) => c.Request.Url!.AbsolutePath == "/old"
            ? Redirect(c, "/new")
            : LocalHttpServer.RespondAsync(c, 200, "moved here", "text/plain; charset=utf-8"));

        var result = await Kind.InvokeAsync(ToolCalls.Create(Tool(server.BaseUrl + "/old"), []), default);

        Assert.Equal(["/old", "/new"], server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal("moved here", result!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_RedirectToHostNotAllowed_IsRefusedWithoutFollowing()
    {
        await using var server = new LocalHttpServer((c, _) => Redirect(c, $"http://localhost:{((IPEndPoint)c.Request.LocalEndPoint).Port}/elsewhere"));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(ToolCalls.Create(Tool(server.BaseUrl + "/start"), []), default));

        Assert.Contains($"redirected to http://localhost:{server.Port}, which is not in allowHosts (127.0.0.1); nothing was sent there", ex.Message, StringComparison.Ordinal);
        Assert.Equal("/start", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task InvokeAsync_ResponseLargerThanMaxResponseBytes_IsRefused()
    {
        await using var server = new LocalHttpServer(async (c, ct) =>
        {
            c.Response.SendChunked = true; // no Content-Length: the limit must hold while reading
            c.Response.ContentType = "text/plain";
            for (var i = 0; i < 10; i++)
            {
                await c.Response.OutputStream.WriteAsync(new byte[1000], ct);
            }

            c.Response.Close();
        });
        var tool = Tool(server.BaseUrl + "/big");
        tool["maxResponseBytes"] = 4096;

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(ToolCalls.Create(tool, []), default));

        Assert.Equal($"http tool 'tool': the response of GET {server.BaseUrl}/big is larger than maxResponseBytes (4096 bytes); raise maxResponseBytes or ask for less", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_ServerSlowerThanTimeout_FailsWithTimeout()
    {
        await using var server = new LocalHttpServer(async (c, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            await LocalHttpServer.RespondAsync(c, 200, "{}");
        });
        var tool = Tool(server.BaseUrl + "/slow?token=secret");
        tool["timeout"] = "PT0.5S";

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(ToolCalls.Create(tool, []), default));

        Assert.Equal($"http tool 'tool': GET {server.BaseUrl}/slow did not complete within PT0.5S (timeout); raise the tool's timeout or check the server", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_Non2xx_ReportsTheStatusAndABodyExcerpt()
    {
        await using var server = new LocalHttpServer((c, _) => LocalHttpServer.RespondAsync(c, 404, """{ "error": "no such order" }"""));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind.InvokeAsync(ToolCalls.Create(Tool(server.BaseUrl + "/orders/X"), []), default));

        Assert.Equal($"http tool 'tool': GET {server.BaseUrl}/orders/X returned 404 Not Found: {{ \"error\": \"no such order\" }}", ex.Message);
    }

    [Fact]
    public void Check_FixedUrlOnHostNotAllowed_IsReported()
    {
        var tool = ToolCalls.Create(Tool("https://api.other.example/v1", allowHosts: ["api.example.com"]), []).Tool;

        Assert.Equal("http tool 'tool' calls https://api.other.example, which is not in its allowHosts (api.example.com)", Assert.Single(Kind.Check(tool)));
    }

    private static JsonObject Tool(string url, string method = "GET", string[]? allowHosts = null) => new()
    {
        ["kind"] = "http",
        ["risk"] = "low",
        ["method"] = method,
        ["url"] = url,
        ["allowHosts"] = new JsonArray([.. (allowHosts ?? ["127.0.0.1"]).Select(h => (JsonNode)h)]),
    };

    private static Task Redirect(HttpListenerContext context, string location)
    {
        context.Response.StatusCode = 302;
        context.Response.RedirectLocation = location;
        context.Response.Close();
        return Task.CompletedTask;
    }
}
