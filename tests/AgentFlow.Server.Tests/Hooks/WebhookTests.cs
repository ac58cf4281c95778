using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Triggers.Webhooks;

namespace AgentFlow.Server.Tests.Hooks;

/// <summary><c>POST /hooks/{workflow}/{trigger}</c> over real Kestrel: signatures, replays, limits, idempotency, answers.</summary>
public sealed class WebhookTests(WebhookServer fixture) : IClassFixture<WebhookServer>
{
    private ServerFixture Server => fixture.Server;

    [Fact]
    public async Task GoodSignature_StartsOneRun_WithTheBodyMapped_AndTheTriggerAsOrigin()
    {
        using var response = await PostAsync("created", """{"order":"A-1","amount":12.5}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var runId = answer["runId"]!.GetValue<string>();
        Assert.False(answer["replayed"]!.GetValue<bool>());
        Assert.Equal($"/api/runs/{runId}", response.Headers.Location!.OriginalString);

        var run = await WaitFinishedAsync(runId);
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal("order A-1 for 12.5", run["output"]!["text"]!.GetValue<string>());
        Assert.Equal("orders/created", run["origin"]!["trigger"]!.GetValue<string>());
        Assert.Equal("webhook", run["origin"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadSignature_Is401_Logged_AndStartsNothing()
    {
        var body = """{"order":"FORGED-1"}""";
        var before = await RunCountAsync();
        using var response = await PostAsync("created", body, signature: WebhookSignature.Sign("not-the-secret", Encoding.UTF8.GetBytes(body), Now()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("does not match", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("Webhook orders/created refused a call", StringComparison.Ordinal));
        Assert.Equal(before, await RunCountAsync());
    }

    [Fact]
    public async Task ReplayedTimestamp_OutsideTheTolerance_Is401()
    {
        var old = Now() - 600;
        var body = """{"order":"OLD-1"}""";
        var before = await RunCountAsync();
        using var response = await PostAsync("created", body, timestamp: old, signature: WebhookSignature.Sign(WebhookServer.Secret, Encoding.UTF8.GetBytes(body), old));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("replayed", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await RunCountAsync());
    }

    [Fact]
    public async Task ExactReplay_WithinTheTolerance_ReturnsTheFirstRun()
    {
        var ts = Now();
        var body = """{"order":"REPLAY-1"}""";
        var before = await RunCountAsync();
        using var first = await PostAsync("created", body, timestamp: ts);
        using var again = await PostAsync("created", body, timestamp: ts);

        var a = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var b = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(a["runId"]!.GetValue<string>(), b["runId"]!.GetValue<string>());
        Assert.True(b["replayed"]!.GetValue<bool>());
        await WaitFinishedAsync(a["runId"]!.GetValue<string>());
        Assert.Equal(before + 1, await RunCountAsync());
    }

    [Fact]
    public async Task OversizedBody_Is413_AndStartsNothing()
    {
        var body = "{\"order\":\"BIG-1\",\"pad\":\"" + new string('x', 2000) + "\"}";
        var before = await RunCountAsync();
        using var response = await PostAsync("created", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1024 bytes", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await RunCountAsync());
    }

    [Fact]
    public async Task DuplicateIdempotencyKey_ReturnsTheFirstRun_EvenWithAnotherBody()
    {
        var key = "delivery-" + Guid.NewGuid().ToString("N");
        var before = await RunCountAsync();
        using var first = await PostAsync("created", """{"order":"IDEM-1"}""", idempotencyKey: key);
        using var second = await PostAsync("created", """{"order":"IDEM-2"}""", idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var a = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var b = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(a["runId"]!.GetValue<string>(), b["runId"]!.GetValue<string>());
        Assert.False(a["replayed"]!.GetValue<bool>());
        Assert.True(b["replayed"]!.GetValue<bool>());
        var run = await WaitFinishedAsync(a["runId"]!.GetValue<string>());
        Assert.Equal("order IDEM-1 for 0", run["output"]!["text"]!.GetValue<string>());
        Assert.Equal(before + 1, await RunCountAsync());
    }

    [Fact]
    public async Task RespondWait_AnswersWithTheOutput_GitHubStyleSignatureWithoutTimestamp()
    {
        var body = """{"order":"SYNC-1"}""";
        using var response = await PostAsync("sync", body, timestamp: null, signature: WebhookSignature.Sign(WebhookServer.Secret, Encoding.UTF8.GetBytes(body), null), source: "crm");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("completed", answer["status"]!.GetValue<string>());
        Assert.Equal("order SYNC-1 via crm for 0", answer["output"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refusals_NameWhatToFix()
    {
        using var unknown = await PostAsync("nope", "{}");
        using var notJson = await PostAsync("created", "order=1");
        using var missingInput = await PostAsync("created", """{"amount":3}""");
        using var noSecret = await PostAsync("unset", "{}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no webhook trigger 'nope' in workflow 'orders'", await DetailAsync(unknown), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not JSON", await DetailAsync(notJson), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingInput.StatusCode);
        Assert.Contains("order", await DetailAsync(missingInput), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, noSecret.StatusCode);
        Assert.DoesNotContain("AGENTFLOW_TEST_WEBHOOK_UNSET", await DetailAsync(noSecret), StringComparison.Ordinal);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("AGENTFLOW_TEST_WEBHOOK_UNSET is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PausedTrigger_Is409_UntilResumed()
    {
        using var alice = Server.Client("alice");
        using (var paused = await alice.PostAsync(new Uri("/api/triggers/orders/sync/pause", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        var body = """{"order":"PAUSED-1"}""";
        var signature = WebhookSignature.Sign(WebhookServer.Secret, Encoding.UTF8.GetBytes(body), null);
        using var refused = await PostAsync("sync", body, timestamp: null, signature: signature);
        using (await alice.PostAsync(new Uri("/api/triggers/orders/sync/resume", UriKind.Relative), null))
        {
        }

        using var accepted = await PostAsync("sync", body, timestamp: null, signature: signature);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("agentflow triggers resume orders/sync", await DetailAsync(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private async Task<HttpResponseMessage> PostAsync(
        string trigger, string body, long? timestamp = -1, string? signature = null, string? idempotencyKey = null, string? source = null)
    {
        var ts = timestamp == -1 ? Now() : timestamp;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/hooks/orders/{trigger}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Signature-256", signature ?? WebhookSignature.Sign(WebhookServer.Secret, Encoding.UTF8.GetBytes(body), ts));
        if (ts is { } t)
        {
            request.Headers.Add("X-Signature-Timestamp", t.ToString(CultureInfo.InvariantCulture));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (source is not null)
        {
            request.Headers.Add("X-Source", source);
        }

        using var anonymous = Server.Client();
        return await anonymous.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();

    /// <summary>Runs of <c>orders</c> (the tests of this class run one at a time, and a started run is listed at once).</summary>
    private async Task<int> RunCountAsync()
    {
        using var bob = Server.Client("bob");
        var page = (await bob.GetFromJsonAsync<JsonObject>("/api/runs?workflow=orders&limit=500"))!;
        return page["items"]!.AsArray().Count;
    }

    private async Task<JsonObject> WaitFinishedAsync(string runId)
    {
        using var bob = Server.Client("bob");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var run = (await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token))!;
            if (run["status"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return run;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
