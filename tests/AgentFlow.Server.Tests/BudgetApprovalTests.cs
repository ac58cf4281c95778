using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>
/// A budget pause is an approval like any other through the API: a sub-workflow that reaches its own budget waits at
/// <c>call.budget</c>, listed with what was reached, and an approver continues it with an edited limit.
/// </summary>
public sealed class BudgetApprovalTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new()
    {
        Workflows = new Dictionary<string, string>
        {
            ["capped"] = """
                { "name": "capped", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } },
                  "budget": { "modelCalls": 1, "approvers": ["role:finance"] }, "start": "one",
                  "nodes": { "one": { "kind": "llm", "agent": "a", "prompt": "First.", "next": "two" },
                             "two": { "kind": "llm", "agent": "a", "prompt": "Second.", "next": "three" },
                             "three": { "kind": "llm", "agent": "a", "prompt": "Third." } } }
                """,
            ["caller"] = """
                { "name": "caller", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "capped.json" } } }
                """,
        },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_sub_workflows_budget_pause_is_listed_and_continued_with_an_edited_limit_through_the_api()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var bob = _server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new { workflow = "caller" }, timeout.Token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();

        var pending = await WaitForApprovalAsync(bob, runId, "call.budget", timeout.Token);
        Assert.Equal(("modelCalls", 1, 2, "two"), (Shown(pending, "reached"), pending["shown"]!["used"]!.GetValue<int>(), pending["shown"]!["limit"]!.GetValue<int>(), Shown(pending, "node")));
        using var decided = await bob.PostAsJsonAsync($"/api/runs/{runId}/approvals/call.budget", new { approve = true, values = new { limit = 3 } }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        while (true)
        {
            var run = (await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token))!;
            if (run["status"]!.GetValue<string>() == "completed")
            {
                Assert.Equal(3, run["progress"]!["usage"]!["modelCalls"]!.GetValue<int>());
                break;
            }

            Assert.True(run["status"]!.GetValue<string>() is "running" or "waiting" or "pending", run.ToJsonString());
            await Task.Delay(50, timeout.Token);
        }
    }

    private static string Shown(JsonObject approval, string name) => approval["shown"]![name]!.GetValue<string>();

    private static async Task<JsonObject> WaitForApprovalAsync(HttpClient client, string runId, string node, CancellationToken cancellationToken)
    {
        while (true)
        {
            var mine = await client.GetFromJsonAsync<JsonArray>("/api/approvals?mine=true", cancellationToken);
            if (mine!.OfType<JsonObject>().FirstOrDefault(a => a["runId"]!.GetValue<string>() == runId && a["node"]!.GetValue<string>() == node && a["canDecide"]!.GetValue<bool>()) is { } found)
            {
                return found;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
