using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>workflows/refund-approval.json through the API: waiting at the approval, refusals, two approvals with an edited amount.</summary>
public sealed class RefundApprovalTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task RefundApproval_ApprovedWithEditedAmount_CompletesWithThatAmount_AndRefusalsAreAudited()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var bob = server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new
        {
            workflow = "refund-approval",
            inputs = new { order = "A-1042", customer = "jane.doe@contoso.example.org", amount = 49.90, reason = "The mouse stopped working after a week" },
        }, timeout.Token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        await using var events = await EventStream.OpenAsync(bob, $"/api/runs/{runId}/events", timeout.Token);
        await events.WaitForAsync("node-waiting", e => e["node"]?.GetValue<string>() == "approveRefund");

        using var alice = server.Client("alice");
        var approvals = await alice.GetFromJsonAsync<JsonArray>("/api/approvals?mine=true", timeout.Token);
        var waiting = Assert.Single(approvals!, a => a!["runId"]!.GetValue<string>() == runId)!;
        Assert.Equal("approveRefund", waiting["node"]!.GetValue<string>());
        Assert.Contains("role:finance", waiting["approvers"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(2, waiting["quorum"]!.GetValue<int>());

        using var dave = server.Client("dave");
        using var refused = await dave.PostAsJsonAsync($"/api/runs/{runId}/approvals/approveRefund", new { approve = true }, timeout.Token);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await ServerApiTests.AssertProblemAsync(refused, 403, "not an approver");

        using var first = await bob.PostAsJsonAsync($"/api/runs/{runId}/approvals/approveRefund", new { approve = true, comment = "policy ok" }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await alice.PostAsJsonAsync($"/api/runs/{runId}/approvals/approveRefund", new { approve = true, values = new { amount = 40 } }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await events.WaitForAsync("run", e => e["status"]?.GetValue<string>() is "completed" or "failed");

        var run = await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token);
        Assert.Equal("completed", run!["status"]!.GetValue<string>());
        Assert.Equal("bob, alice", run["output"]!["decidedBy"]!.GetValue<string>());
        var refund = run["timeline"]!.AsArray().Single(r => r!["node"]!.GetValue<string>() == "refund")!;
        Assert.Equal(40, refund["input"]!["args"]?["amount"]?.GetValue<decimal>() ?? refund["input"]!["amount"]!.GetValue<decimal>());
        var payment = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(Path.Combine(server.DataDir, "payments.jsonl"), timeout.Token)))!;
        Assert.Equal(40, payment["amount"]!.GetValue<decimal>());

        var audit = await bob.GetFromJsonAsync<JsonArray>($"/api/runs/{runId}/audit", timeout.Token);
        Assert.Contains(audit!, r => r!["kind"]!.GetValue<string>() == "refusal" && r["operator"]?.GetValue<string>() == "dave");
        Assert.Equal(2, audit!.Count(r => r!["kind"]!.GetValue<string>() == "decision"));
        var verify = await bob.GetFromJsonAsync<JsonObject>("/api/audit/verify", timeout.Token);
        Assert.True(verify!["ok"]!.GetValue<bool>(), verify.ToJsonString());
    }
}
