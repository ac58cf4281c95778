using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>A host that sets <c>server:allowInlineWorkflows</c> starts a workflow sent in the request.</summary>
public sealed class InlineWorkflowTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new() { Configure = o => o.AllowInlineWorkflows = true };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task StartRun_InlineWorkflow_WhenAllowed_RunsIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = _server.Client("bob");
        await using var events = await EventStream.OpenAsync(client, "/api/runs/events", timeout.Token);
        var definition = JsonNode.Parse("""
            { "name": "inline", "start": "s", "nodes": { "s": { "kind": "set", "values": { "v": 1 }, "next": "e" }, "e": { "kind": "end" } }, "output": { "v": "{{ s.v }}" } }
            """);

        using var started = await client.PostAsJsonAsync("/api/runs", new { definition }, timeout.Token);

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        var finished = await events.WaitForAsync("run", e => e["runId"]?.GetValue<string>() == runId && e["status"]?.GetValue<string>() is "completed" or "failed" or "canceled");
        Assert.True(finished["status"]!.GetValue<string>() == "completed", finished.ToJsonString());
    }
}
