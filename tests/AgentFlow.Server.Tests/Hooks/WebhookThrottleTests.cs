using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Triggers.Webhooks;

namespace AgentFlow.Server.Tests.Hooks;

/// <summary>Bad webhook signatures count against the client like bad tokens: past the limit, even a good call gets 429.</summary>
public sealed class WebhookThrottleTests : IAsyncLifetime
{
    private const string Secret = "throttle-secret";

    private readonly ServerFixture _server = new()
    {
        Workflows = new Dictionary<string, string>
        {
            ["pings"] = """
                { "name": "pings", "triggers": { "ping": { "kind": "webhook", "secretEnv": "AGENTFLOW_TEST_THROTTLE_SECRET" } },
                  "start": "a", "nodes": { "a": { "kind": "set", "values": { "ok": "yes" } } } }
                """,
        },
        // A window far longer than the test, so the count never resets in between on a slow machine.
        Configure = options => (options.AuthenticationFailureLimit, options.AuthenticationFailureWindow) = (3, TimeSpan.FromHours(1)),
    };

    public Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AGENTFLOW_TEST_THROTTLE_SECRET", Secret);
        return _server.InitializeAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task BadSignatures_PastTheLimit_Are429_EvenForAGoodCall()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var bad = await PostAsync("wrong-secret");
            statuses.Add(bad.StatusCode);
        }

        using var good = await PostAsync(Secret);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, good.StatusCode);
        Assert.NotNull(good.Headers.RetryAfter);
        Assert.Contains("too many calls with bad signatures", (await good.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string secret)
    {
        var body = "{}";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/hooks/pings/ping", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign(secret, Encoding.UTF8.GetBytes(body), ts));
        request.Headers.Add("X-Signature-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        using var client = _server.Client();
        return await client.SendAsync(request);
    }
}
