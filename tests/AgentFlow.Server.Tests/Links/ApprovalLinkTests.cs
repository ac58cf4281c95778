using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Server.Tests.Links;

/// <summary>
/// Approving from the e-mail, end to end on a real server: the link in each approver's notification opens a page with
/// the shown values; only a POST from that page decides, once, as the link's operator; used, forged and replayed
/// requests are refused with a page and audited.
/// </summary>
public sealed class ApprovalLinkTests(MailLinkServer fixture) : IClassFixture<MailLinkServer>
{
    private ServerFixture Server => fixture.Server;

    [Fact]
    public async Task Link_OpenedAndPostedWithEditedAmount_ApprovesAsItsOperator_AndTheRunPaysThatAmount()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (runId, events) = await StartRefundAsync(timeout.Token);
        await using var _ = events;
        var link = await fixture.Outbox.LinkForAsync(runId, "fran@example.com", timeout.Token);
        using var browser = new ApprovalPageClient(Server);

        using var page = await browser.OpenAsync(link, timeout.Token);
        var html = await page.Content.ReadAsStringAsync(timeout.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("type=\"number\" step=\"any\" inputmode=\"decimal\" id=\"f2\" name=\"v.amount\" value=\"49.9\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"v.customer\" value=\"jane.doe@contoso.example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("You decide as <b>fran</b>", html, StringComparison.Ordinal);
        AssertSecurityHeaders(page);

        var form = ApprovalPageClient.Fields(html);
        form["v.amount"] = "40";
        form["comment"] = "partial refund";
        form["decision"] = "approve";
        using var decided = await browser.PostAsync(form, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Contains("fran approved (1 of 2 approvals) &#39;approveRefund&#39;", await decided.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        AssertSecurityHeaders(decided);

        using var bob = Server.Client("bob");
        using var second = await bob.PostAsJsonAsync($"/api/runs/{runId}/approvals/approveRefund", new { approve = true }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await events.WaitForAsync("run", e => e["status"]?.GetValue<string>() is "completed" or "failed");

        var run = await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token);
        Assert.Equal("completed", run!["status"]!.GetValue<string>());
        Assert.Equal("fran, bob", run["output"]!["decidedBy"]!.GetValue<string>());
        var refund = run["timeline"]!.AsArray().Single(r => r!["node"]!.GetValue<string>() == "refund")!;
        Assert.Equal(40, refund["input"]!["args"]?["amount"]?.GetValue<decimal>() ?? refund["input"]!["amount"]!.GetValue<decimal>());
        var decision = Assert.Single(await fixture.AuditAsync(timeout.Token), r => r.RunId == runId && r.Kind == AuditKinds.Decision && r.Operator == "fran");
        Assert.Equal(("approved", "partial refund"), (decision.Decision, decision.Comment));
    }

    [Fact]
    public async Task Link_UsedTwice_IsRefusedAsGone_AndTheSecondUseIsAudited()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (runId, events) = await StartRefundAsync(timeout.Token);
        await using var _ = events;
        var link = await fixture.Outbox.LinkForAsync(runId, "fred@example.com", timeout.Token);
        using var browser = new ApprovalPageClient(Server);
        using var page = await browser.OpenAsync(link, timeout.Token);
        var form = ApprovalPageClient.Fields(await page.Content.ReadAsStringAsync(timeout.Token));
        form["decision"] = "approve";
        using var first = await browser.PostAsync(form, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var again = await browser.PostAsync(form, timeout.Token);
        using var reopened = await browser.OpenAsync(link, timeout.Token);

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("This link was already used", await again.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
        var audit = await fixture.AuditAsync(timeout.Token);
        Assert.Single(audit, r => r.RunId == runId && r.Kind == AuditKinds.Decision && r.Operator == "fred");
        Assert.Equal(2, audit.Count(r => r.RunId == runId && r.Kind == AuditKinds.Refusal && r.Operator == "fred" && r.Node == "approveRefund" && r.Reason!.Contains("already used", StringComparison.Ordinal)));
        Assert.DoesNotContain(audit, r => r.Reason?.Contains(form["token"], StringComparison.Ordinal) == true);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("Refused approval link", StringComparison.Ordinal) && l.Contains(runId, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.Contains(form["token"], StringComparison.Ordinal) || l.Contains(form["token"].Split('.')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Link_OpenedOnly_DecidesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (runId, events) = await StartRefundAsync(timeout.Token);
        await using var _ = events;
        var link = await fixture.Outbox.LinkForAsync(runId, "fran@example.com", timeout.Token);
        using var browser = new ApprovalPageClient(Server);

        using var first = await browser.OpenAsync(link, timeout.Token);
        using var second = await browser.OpenAsync(link, timeout.Token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        using var bob = Server.Client("bob");
        var waiting = (await bob.GetFromJsonAsync<JsonArray>("/api/approvals", timeout.Token))!.Single(a => a!["runId"]!.GetValue<string>() == runId)!;
        Assert.Empty(waiting["votes"]!.AsArray());
        Assert.DoesNotContain(await fixture.AuditAsync(timeout.Token), r => r.RunId == runId && r.Kind is AuditKinds.Decision or AuditKinds.Refusal);
    }

    [Fact]
    public async Task Link_Tampered_IsRefusedAsForbidden_AndAuditedWithoutTrustingIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (runId, events) = await StartRefundAsync(timeout.Token);
        await using var _ = events;
        var link = await fixture.Outbox.LinkForAsync(runId, "fran@example.com", timeout.Token);
        var path = ApprovalPageClient.PathOf(link);
        // A character inside the MAC (the last one carries padding bits a decoder may ignore).
        var swapped = path[^5] == 'A' ? 'B' : 'A';
        using var browser = new ApprovalPageClient(Server);

        var token = path["/approve/".Length..^5] + swapped + path[^4..];
        using var tampered = await browser.OpenAsync("/approve/" + token, timeout.Token);
        using var posted = await browser.PostAsync(new Dictionary<string, string> { ["token"] = token, ["decision"] = "approve" }, timeout.Token);

        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Contains("This link is not valid", await tampered.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        AssertSecurityHeaders(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        var audit = await fixture.AuditAsync(timeout.Token);
        Assert.True(audit.Count(r => r.Kind == AuditKinds.Link && r.RunId is null && r.Operator is null && r.Subject!.StartsWith("token ", StringComparison.Ordinal)) >= 2);
        Assert.DoesNotContain(audit, r => r.RunId == runId && r.Kind is AuditKinds.Decision);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("not genuine", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.Contains(token.Split('.')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Link_PostedWithoutThePagesFormCheckOrFromAnotherSite_IsRefused_AndTheLinkStillWorks()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (runId, events) = await StartRefundAsync(timeout.Token);
        await using var _ = events;
        var link = await fixture.Outbox.LinkForAsync(runId, "fred@example.com", timeout.Token);
        using var browser = new ApprovalPageClient(Server);
        using var page = await browser.OpenAsync(link, timeout.Token);
        var form = ApprovalPageClient.Fields(await page.Content.ReadAsStringAsync(timeout.Token));
        form["decision"] = "reject";

        using var forgedForm = await browser.PostAsync(new Dictionary<string, string>(form) { ["check"] = "x" }, timeout.Token);
        using var crossSite = await browser.PostAsync(form, timeout.Token, fetchSite: "cross-site");
        using var badNumber = await browser.PostAsync(new Dictionary<string, string>(form) { ["v.amount"] = "lots" }, timeout.Token);
        using var real = await browser.PostAsync(form, timeout.Token);

        Assert.Equal(HttpStatusCode.Forbidden, forgedForm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Contains("&#39;amount&#39; needs a number", await badNumber.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        await events.WaitForAsync("run", e => e["status"]?.GetValue<string>() is "completed" or "failed");
        var audit = await fixture.AuditAsync(timeout.Token);
        Assert.Contains(audit, r => r.RunId == runId && r.Kind == AuditKinds.Refusal && r.Operator == "fred" && r.Reason!.Contains("form check", StringComparison.Ordinal));
        Assert.Contains(audit, r => r.RunId == runId && r.Kind == AuditKinds.Refusal && r.Operator == "fred" && r.Reason!.Contains("another site", StringComparison.Ordinal));
        Assert.Contains(audit, r => r.RunId == runId && r.Kind == AuditKinds.Decision && r.Operator == "fred" && r.Decision == "rejected");
    }

    [Fact]
    public async Task Link_AfterOthersDecided_SaysTheApprovalIsClosedAndByWhom()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (runId, events) = await StartRefundAsync(timeout.Token);
        await using var _ = events;
        var link = await fixture.Outbox.LinkForAsync(runId, "fred@example.com", timeout.Token);
        foreach (var name in new[] { "bob", "alice" })
        {
            using var client = Server.Client(name);
            using var decided = await client.PostAsJsonAsync($"/api/runs/{runId}/approvals/approveRefund", new { approve = true }, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        await events.WaitForAsync("run", e => e["status"]?.GetValue<string>() is "completed" or "failed");
        using var browser = new ApprovalPageClient(Server);
        using var page = await browser.OpenAsync(link, timeout.Token);

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("already approved by bob, alice", await page.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_ToAnApprovalInAMapItem_ShowsTypedFields_AndDecidesThatItemWithTypedEdits()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var bob = Server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new { workflow = "batch", inputs = new { items = new[] { new { count = 3, urgent = true, tags = new[] { "a", "b" } } } } }, timeout.Token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        await using var events = await EventStream.OpenAsync(bob, $"/api/runs/{runId}/events", timeout.Token);
        var link = await fixture.Outbox.LinkForAsync(runId, "fred@example.com", timeout.Token);
        using var browser = new ApprovalPageClient(Server);

        // The mail goes out before the run records that it waits (the approvers are told first); under load a page
        // opened in between would find no approval yet, so wait until the run shows it, as a person's click would.
        await events.WaitForAsync("node-waiting", e => e["node"]?.GetValue<string>() == "each[0].ok");
        using var page = await browser.OpenAsync(link, timeout.Token);
        var html = await page.Content.ReadAsStringAsync(timeout.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Approval needed: each[0].ok", html, StringComparison.Ordinal);
        Assert.Contains("type=\"number\" step=\"any\" inputmode=\"decimal\" id=\"f0\" name=\"v.count\" value=\"3\"", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" id=\"f1\" name=\"v.urgent\" value=\"true\" checked>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"v.tags\">\n[&quot;a&quot;,&quot;b&quot;]</textarea>", html, StringComparison.Ordinal);

        var form = ApprovalPageClient.Fields(html);
        form.Remove("v.urgent");
        form["v.count"] = "5";
        form["v.tags"] = "[\"a\", \"c\"]";
        form["decision"] = "approve";
        using var decided = await browser.PostAsync(form, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var done = await events.WaitForAsync("run", e => e["status"]?.GetValue<string>() is "completed" or "failed");

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var decision = Assert.Single(await fixture.AuditAsync(timeout.Token), r => r.RunId == runId && r.Kind == AuditKinds.Decision);
        Assert.Equal(("each[0].ok", "fred"), (decision.Node, decision.Operator));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"count":5,"urgent":false,"tags":["a","c"]}"""), decision.Edits), decision.Edits?.ToJsonString());
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'sha256-", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    private async Task<(string RunId, EventStream Events)> StartRefundAsync(CancellationToken cancellationToken)
    {
        using var bob = Server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new
        {
            workflow = "refund-approval",
            inputs = new { order = "A-1042", customer = "jane.doe@contoso.example.org", amount = 49.90, reason = "The mouse stopped working after a week" },
        }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["runId"]!.GetValue<string>();
        var events = await EventStream.OpenAsync(Server.Client("bob"), $"/api/runs/{runId}/events", cancellationToken);
        await events.WaitForAsync("node-waiting", e => e["node"]?.GetValue<string>() == "approveRefund");
        return (runId, events);
    }
}
