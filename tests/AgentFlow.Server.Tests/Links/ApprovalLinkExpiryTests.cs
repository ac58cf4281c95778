using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Server.Tests.Links;

/// <summary>An approval link past its time (the links' clock moved forward, no waiting) is refused as gone and audited.</summary>
public sealed class ApprovalLinkExpiryTests(MailLinkServer fixture) : IClassFixture<MailLinkServer>
{
    [Fact]
    public async Task Link_AfterItExpired_IsRefusedAsGone_AndAudited_AndDecidesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var bob = fixture.Server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new
        {
            workflow = "refund-approval",
            inputs = new { order = "A-1042", customer = "jane.doe@contoso.example.org", amount = 49.90, reason = "broken" },
        }, timeout.Token);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        // The mail goes out just before the run records that it waits: open the page once it does.
        await using (var events = await EventStream.OpenAsync(fixture.Server.Client("bob"), $"/api/runs/{runId}/events", timeout.Token))
        {
            await events.WaitForAsync("node-waiting", e => e["node"]?.GetValue<string>() == "approveRefund");
        }

        var link = await fixture.Outbox.LinkForAsync(runId, "fran@example.com", timeout.Token);
        using var browser = new ApprovalPageClient(fixture.Server);
        using var page = await browser.OpenAsync(link, timeout.Token);
        var form = ApprovalPageClient.Fields(await page.Content.ReadAsStringAsync(timeout.Token));
        form["decision"] = "approve";
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // The approval times out 4 hours after it started waiting, so its links expire then too (before the 72-hour
        // default). Five hours on the links' clock is past that however long the server took to start.
        fixture.Clock.Advance(TimeSpan.FromHours(5));
        using var opened = await browser.OpenAsync(link, timeout.Token);
        using var posted = await browser.PostAsync(form, timeout.Token);

        Assert.Equal(HttpStatusCode.Gone, opened.StatusCode);
        Assert.Contains("This link has expired", await opened.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        ApprovalLinkTests.AssertSecurityHeaders(opened);
        Assert.Equal(HttpStatusCode.Gone, posted.StatusCode);
        var audit = await fixture.AuditAsync(timeout.Token);
        Assert.Equal(2, audit.Count(r => r.RunId == runId && r.Kind == AuditKinds.Refusal && r.Operator == "fran" && r.Node == "approveRefund" && r.Reason!.Contains("expired", StringComparison.Ordinal)));
        Assert.DoesNotContain(audit, r => r.RunId == runId && r.Kind == AuditKinds.Decision);
    }
}
