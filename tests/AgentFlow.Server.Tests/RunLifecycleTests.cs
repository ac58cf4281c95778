using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>Resuming, cancelling and listing runs through the API; starts and cancels are audited with the operator.</summary>
public sealed class RunLifecycleTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ResumeAndCancel_WaitingRun_SaysWhatItWaitsFor_ThenIsCancelledAndAuditedWithTheOperator()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var bob = server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new
        {
            workflow = "refund-approval",
            inputs = new { order = "A-1042", customer = "jane.doe@contoso.example.org", amount = 10, reason = "changed my mind" },
        }, timeout.Token);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        await using var events = await EventStream.OpenAsync(bob, $"/api/runs/{runId}/events", timeout.Token);
        await events.WaitForAsync("node-waiting", e => e["node"]?.GetValue<string>() == "approveRefund");
        using var resume = await bob.PostAsync($"/api/runs/{runId}/resume", null, timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal("approveRefund (approval)", (await resume.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["waiting"]![0]!.GetValue<string>());

        using var cancel = await bob.PostAsJsonAsync($"/api/runs/{runId}/cancel", new { reason = "customer withdrew" }, timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await events.WaitForAsync("run", e => e["status"]?.GetValue<string>() == "canceled");

        using var again = await bob.PostAsync($"/api/runs/{runId}/cancel", null, timeout.Token);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var resumeFinished = await bob.PostAsync($"/api/runs/{runId}/resume", null, timeout.Token);
        await ServerApiTests.AssertProblemAsync(resumeFinished, 409, "a finished run does not resume");
        using var resumeUnknown = await bob.PostAsync("/api/runs/no-such-run/resume", null, timeout.Token);
        await ServerApiTests.AssertProblemAsync(resumeUnknown, 404, "there is no run 'no-such-run'");
        var audit = await bob.GetFromJsonAsync<JsonArray>($"/api/runs/{runId}/audit", timeout.Token);
        Assert.Contains(audit!, r => r!["kind"]!.GetValue<string>() == "run" && r["decision"]!.GetValue<string>() == "started" && r["operator"]!.GetValue<string>() == "bob");
        Assert.Contains(audit!, r => r!["kind"]!.GetValue<string>() == "run" && r["decision"]!.GetValue<string>() == "cancelled" && r["reason"]!.GetValue<string>() == "customer withdrew");
    }

    [Fact]
    public async Task ListRuns_WithCursor_PagesWithoutRepeats()
    {
        using var bob = server.Client("bob");
        for (var i = 0; i < 3; i++)
        {
            using var started = await bob.PostAsJsonAsync("/api/runs", new { workflow = "greet", inputs = new { name = $"n{i}" } });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        }

        var first = await bob.GetFromJsonAsync<JsonObject>("/api/runs?workflow=greet&limit=2");
        var cursor = first!["nextCursor"]!.GetValue<string>();
        var second = await bob.GetFromJsonAsync<JsonObject>($"/api/runs?workflow=greet&limit=2&cursor={Uri.EscapeDataString(cursor)}");

        var ids = first["items"]!.AsArray().Concat(second!["items"]!.AsArray()).Select(r => r!["runId"]!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task ListRuns_UnknownStatus_Is400ProblemListingTheStatuses()
    {
        using var vera = server.Client("vera");

        using var response = await vera.GetAsync("/api/runs?status=done");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ServerApiTests.AssertProblemAsync(response, 400, "completed");
    }
}
