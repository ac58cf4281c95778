using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentFlow.Agents.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Server.Tests;

/// <summary>
/// The server's trust boundary (docs/security.md): strict tool defaults and the host's ceilings refuse, before a run
/// starts, a workflow of the folder that asks for more than the host allows; a name that resolves to a loopback
/// address is refused at connect time. Names are resolved by a stub: nothing reaches a DNS server.
/// </summary>
public sealed class TrustBoundaryTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new()
    {
        Settings = new Dictionary<string, string> { ["tools:mcp:allowCommands:0"] = "dotnet AgentFlow.McpTestServer.dll" },
        Workflows = new Dictionary<string, string>
        {
            ["shell"] = Workflow("""{ "kind": "mcp", "risk": "low", "command": "/bin/sh", "args": ["-c", "id"], "tool": "whoami" }""", "{}"),
            ["metadata"] = Workflow("""{ "kind": "http", "risk": "low", "method": "GET", "url": "http://169.254.169.254/latest/meta-data/", "allowHosts": ["169.254.169.254"] }""", "{}"),
            ["local"] = Workflow("""{ "kind": "http", "risk": "low", "method": "GET", "url": "http://localhost:9/", "allowHosts": ["localhost:9"] }""", "{}"),
            ["rebind"] = Workflow("""{ "kind": "http", "risk": "low", "method": "GET", "url": "http://rebind.test:9/", "allowHosts": ["rebind.test"] }""", "{}"),
        },
        Services = services => services.Configure<HttpToolOptions>(o => o.ResolveHost = (host, _) =>
            Task.FromResult(host == "rebind.test" ? new[] { IPAddress.Loopback } : throw new InvalidOperationException($"unexpected lookup of {host}"))),
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task StartRun_McpCommandOutsideTheHostsAllowCommands_IsRefusedBeforeItStarts()
    {
        using var client = _server.Client("bob");

        using var response = await client.PostAsJsonAsync("/api/runs", new { workflow = "shell" });

        await ServerApiTests.AssertProblemAsync(response, 422, "tools.mcp.allowCommands");
        await AssertNoRunsAsync(client);
    }

    [Fact]
    public async Task StartRun_HttpToolAllowedTheMetadataAddressByItsWorkflow_IsRefusedBeforeItStarts()
    {
        using var client = _server.Client("bob");

        using var response = await client.PostAsJsonAsync("/api/runs", new { workflow = "metadata" });

        await ServerApiTests.AssertProblemAsync(response, 422, "http tool 't' allows 169.254.169.254");
        await AssertNoRunsAsync(client);
    }

    [Fact]
    public async Task StartRun_HttpToolToLocalhost_IsRefusedInStrictMode()
    {
        using var client = _server.Client("bob");

        using var response = await client.PostAsJsonAsync("/api/runs", new { workflow = "local" });

        await ServerApiTests.AssertProblemAsync(response, 422, "in strict mode");
        await AssertNoRunsAsync(client);
    }

    [Fact]
    public async Task Run_HttpToolWhoseNameResolvesToLoopback_FailsWithoutConnecting()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = _server.Client("bob");
        await using var events = await EventStream.OpenAsync(client, "/api/runs/events", timeout.Token);

        using var started = await client.PostAsJsonAsync("/api/runs", new { workflow = "rebind" }, timeout.Token);

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        var finished = await events.WaitForAsync("run", e => e["runId"]?.GetValue<string>() == runId && e["status"]?.GetValue<string>() is "completed" or "failed" or "canceled");
        Assert.Equal("failed", finished["status"]!.GetValue<string>());
        var run = await client.GetStringAsync($"/api/runs/{runId}", timeout.Token);
        Assert.Contains("rebind.test resolves to 127.0.0.1, a loopback address", run, StringComparison.Ordinal);
    }

    private static string Workflow(string tool, string args) => $$"""
        { "name": "trust", "start": "call", "tools": { "t": {{tool}} },
          "nodes": { "call": { "kind": "tool", "tool": "t", "args": {{args}}, "next": "done" }, "done": { "kind": "end" } } }
        """;

    private static async Task AssertNoRunsAsync(HttpClient client)
    {
        var runs = await client.GetFromJsonAsync<JsonObject>("/api/runs");
        Assert.DoesNotContain(runs!["items"]!.AsArray(), r => r!["workflow"]?.GetValue<string>() == "trust");
    }
}
