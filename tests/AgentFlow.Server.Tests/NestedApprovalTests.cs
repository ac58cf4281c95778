using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>Approvals inside a sub-workflow and inside map items: listed by their path, decided through the API.</summary>
public sealed class NestedApprovalTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new()
    {
        Workflows = new Dictionary<string, string>
        {
            ["child"] = """
                { "name": "child", "start": "review",
                  "nodes": { "review": { "kind": "approval", "approvers": ["role:finance"], "show": { "what": "refund 40" } } },
                  "output": { "by": "{{ review.by }}" } }
                """,
            ["parent"] = """
                { "name": "parent", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "child.json" } },
                  "output": { "approvedBy": "{{ call.by }}" } }
                """,
            ["each"] = """
                { "name": "each", "inputs": { "items": { "type": "array" } }, "start": "each",
                  "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "concurrency": 1, "do": {
                      "start": "ok", "nodes": { "ok": { "kind": "approval", "approvers": ["role:finance"], "show": { "item": "{{ x }}" } } } } } } }
                """,
        },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ApprovalInASubWorkflow_IsListedByItsPath_AndDecidedThroughTheApi()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var bob = _server.Client("bob");
        var runId = await StartAsync(bob, new { workflow = "parent" }, timeout.Token);

        await WaitForApprovalAsync(bob, runId, "call.review", timeout.Token);
        using var decided = await bob.PostAsJsonAsync($"/api/runs/{runId}/approvals/call.review", new { approve = true }, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var run = await WaitForStatusAsync(bob, runId, "completed", timeout.Token);
        Assert.Equal("bob", run["output"]!["approvedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApprovalsInMapItems_AreListedByItemPath_AndDecidedOneByOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var bob = _server.Client("bob");
        var runId = await StartAsync(bob, new { workflow = "each", inputs = new { items = new[] { "a", "b" } } }, timeout.Token);

        foreach (var path in new[] { "each[0].ok", "each[1].ok" })
        {
            await WaitForApprovalAsync(bob, runId, path, timeout.Token);
            using var decided = await bob.PostAsJsonAsync($"/api/runs/{runId}/approvals/{path}", new { approve = true }, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        await WaitForStatusAsync(bob, runId, "completed", timeout.Token);
    }

    private static async Task<string> StartAsync(HttpClient client, object request, CancellationToken cancellationToken)
    {
        using var started = await client.PostAsJsonAsync("/api/runs", request, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["runId"]!.GetValue<string>();
    }

    private static async Task WaitForApprovalAsync(HttpClient client, string runId, string node, CancellationToken cancellationToken)
    {
        while (true)
        {
            var mine = await client.GetFromJsonAsync<JsonArray>("/api/approvals?mine=true", cancellationToken);
            if (mine!.Any(a => a!["runId"]!.GetValue<string>() == runId && a["node"]!.GetValue<string>() == node && a["canDecide"]!.GetValue<bool>()))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<JsonObject> WaitForStatusAsync(HttpClient client, string runId, string status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", cancellationToken))!;
            if (run["status"]!.GetValue<string>() == status)
            {
                return run;
            }

            Assert.True(run["status"]!.GetValue<string>() is "running" or "waiting" or "pending", run.ToJsonString());
            await Task.Delay(50, cancellationToken);
        }
    }
}
