using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary><c>POST /api/runs/{id}/replay</c> and <c>GET /api/runs/{id}/diff</c>: fork, compare, and what is refused.</summary>
public sealed class ReplayApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Replay_ForksAFinishedRun_AndDiffComparesItWithItsSource()
    {
        using var bob = server.Client("bob");
        var source = await StartAsync(bob, "greet", new { name = "Ana" });
        await CompletedAsync(bob, source);

        using var replay = await bob.PostAsJsonAsync($"/api/runs/{source}/replay", new { set = new[] { "nodes.hello.values.text=hello {{ inputs.name }}" } });

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        var started = (await replay.Content.ReadFromJsonAsync<JsonObject>())!;
        var fork = started["runId"]!.GetValue<string>();
        Assert.Equal(source, started["fork"]!["sourceRun"]!.GetValue<string>());
        var run = await CompletedAsync(bob, fork);
        Assert.Equal(source, run["fork"]!["sourceRun"]!.GetValue<string>());
        var diff = (await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{fork}/diff"))!;
        Assert.Equal(source, diff["original"]!.GetValue<string>());
        var hello = diff["nodes"]!.AsArray().Single(n => n!["node"]!.GetValue<string>() == "hello")!;
        Assert.Equal("changed", hello["status"]!.GetValue<string>());
        Assert.Equal("hello Ana", hello["fork"]!["text"]!.GetValue<string>());
        Assert.Equal("changed", diff["outputStatus"]!.GetValue<string>());
        var same = (await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{source}/diff?with={source}"))!;
        Assert.Equal("same", same["outputStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replay_IsRefused_ForAWaitingRun_ABadSet_AnUnknownRun_AndAViewer()
    {
        using var bob = server.Client("bob");
        using var vera = server.Client("vera");
        var waiting = await StartAsync(bob, "refund-approval", new { order = "A-1042", customer = "jane.doe@contoso.example.org", amount = 10, reason = "late" });
        await UntilAsync(bob, waiting, "waiting");
        var done = await StartAsync(bob, "greet", new { name = "Bo" });
        await CompletedAsync(bob, done);

        using var running = await bob.PostAsync($"/api/runs/{waiting}/replay", null);
        using var badSet = await bob.PostAsJsonAsync($"/api/runs/{done}/replay", new { set = new[] { "nodes.hello.next=nowhere" } });
        using var unknown = await bob.PostAsync("/api/runs/no-such-run/replay", null);
        using var viewer = await vera.PostAsync($"/api/runs/{done}/replay", null);
        using var noFork = await bob.GetAsync($"/api/runs/{done}/diff");

        await ServerApiTests.AssertProblemAsync(running, 409, $"run '{waiting}' is waiting");
        Assert.Equal(422, (int)badSet.StatusCode);
        Assert.Contains("--set nodes.hello.next=nowhere", await badSet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ServerApiTests.AssertProblemAsync(unknown, 404, "no run 'no-such-run'");
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        await ServerApiTests.AssertProblemAsync(noFork, 400, "is not a replay fork");
    }

    private static async Task<string> StartAsync(HttpClient client, string workflow, object inputs)
    {
        using var started = await client.PostAsJsonAsync("/api/runs", new { workflow, inputs });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>();
    }

    private static Task<JsonObject> CompletedAsync(HttpClient client, string runId) => UntilAsync(client, runId, "completed");

    private static async Task<JsonObject> UntilAsync(HttpClient client, string runId, string status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var run = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token))!;
            if (run["status"]!.GetValue<string>() == status)
            {
                return run;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
