using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>The console's cookie session: sign-in, the cookie's flags, CSRF on state-changing requests, sign-out, the console files.</summary>
public sealed class ConsoleSessionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task SignIn_ValidToken_SetsHttpOnlyStrictCookie_AndNeverEchoesTheToken()
    {
        using var client = CookieClient(out _);

        using var response = await client.PostAsJsonAsync("/api/session", new { token = server.Tokens["bob"] });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("agentflow_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(server.Tokens["bob"], cookie, StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(server.Tokens["bob"], body, StringComparison.Ordinal);
        var session = JsonNode.Parse(body)!;
        Assert.Equal("bob", session["operator"]!.GetValue<string>());
        Assert.True(session["canAct"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(session["csrfToken"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SignIn_FormPost_IsAcceptedLikeJson()
    {
        using var client = CookieClient(out _);

        using var response = await client.PostAsync("/api/session", new FormUrlEncodedContent([new("token", server.Tokens["alice"])]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", (await response.Content.ReadFromJsonAsync<JsonObject>())!["operator"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignIn_InvalidToken_Is401Problem()
    {
        using var client = CookieClient(out _);

        using var response = await client.PostAsJsonAsync("/api/session", new { token = "af_AAAAAAAA_not-a-real-secret" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("not-a-real-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ServerApiTests.AssertProblemAsync(response, 401, "not valid");
    }

    [Fact]
    public async Task SignIn_FromAnotherOrigin_IsRefused()
    {
        using var client = CookieClient(out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { token = server.Tokens["bob"] }) };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task CookiePost_WithoutCsrfHeader_IsRefused_AndWithItSucceeds()
    {
        using var client = CookieClient(out _);
        var csrf = await SignInAsync(client, "bob");
        var start = new { workflow = "greet", inputs = new { name = "console" } };

        using var forged = await client.PostAsJsonAsync("/api/runs", start);
        using var wrong = await SendAsync(client, HttpMethod.Post, "/api/runs", start, "not-the-token");
        using var genuine = await SendAsync(client, HttpMethod.Post, "/api/runs", start, csrf);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        await ServerApiTests.AssertProblemAsync(forged, 403, "X-CSRF-Token");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
    }

    [Fact]
    public async Task CookieGet_NeedsNoCsrf_AndPoliciesApply()
    {
        using var client = CookieClient(out _);
        await SignInAsync(client, "vera");

        using var runs = await client.GetAsync("/api/runs");
        using var operators = await client.GetAsync("/api/operators");

        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operators.StatusCode);
        await ServerApiTests.AssertProblemAsync(operators, 403, "role 'admin'");
    }

    [Fact]
    public async Task Viewer_CookieStart_Is403EvenWithCsrf()
    {
        using var client = CookieClient(out _);
        var csrf = await SignInAsync(client, "vera");

        using var response = await SendAsync(client, HttpMethod.Post, "/api/runs", new { workflow = "greet", inputs = new { name = "x" } }, csrf);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await ServerApiTests.AssertProblemAsync(response, 403, "viewer");
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var client = CookieClient(out _);
        var csrf = await SignInAsync(client, "alice");

        using var signedOut = await SendAsync(client, HttpMethod.Delete, "/api/session", null, csrf);
        using var after = await client.GetAsync("/api/session");

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task StolenCookieValue_AfterSignOut_IsRejected()
    {
        using var client = CookieClient(out var cookies);
        var csrf = await SignInAsync(client, "alice");
        var value = cookies.GetCookies(server.BaseAddress)["agentflow_session"]!.Value;
        using (await SendAsync(client, HttpMethod.Delete, "/api/session", null, csrf))
        {
        }

        using var replay = server.Client();
        replay.DefaultRequestHeaders.Add("Cookie", $"agentflow_session={value}");
        using var response = await replay.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ServerApiTests.AssertProblemAsync(response, 401, "session has ended");
    }

    [Fact]
    public async Task Console_IsServedWithAStrictContentSecurityPolicy()
    {
        using var client = server.Client();

        using var page = await client.GetAsync("/console/");
        using var script = await client.GetAsync("/console/app.js");
        using var missing = await client.GetAsync("/console/nope.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<main", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Graph_AsJson_HasNodesAndEdges()
    {
        using var client = server.Client("vera");

        var graph = await client.GetFromJsonAsync<JsonObject>("/api/workflows/refund-approval/graph?format=json");

        Assert.Equal("lookup", graph!["start"]!.GetValue<string>());
        Assert.Contains(graph["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == "approveRefund" && n["kind"]!.GetValue<string>() == "approval");
        Assert.Contains(graph["edges"]!.AsArray(), e => e!["from"]!.GetValue<string>() == "assess" && e["to"]!.GetValue<string>() == "approveRefund");
    }

    [Fact]
    public async Task WorkflowDetail_NamesItsAgents_ForTheMemoryBrowser()
    {
        using var client = server.Client("vera");

        var workflow = await client.GetFromJsonAsync<JsonObject>("/api/workflows/refund-approval");

        Assert.Equal(["analyst"], workflow!["agents"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    private HttpClient CookieClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    private async Task<string> SignInAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/session", new { token = server.Tokens[name] });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["csrfToken"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string csrf)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", csrf);
        return client.SendAsync(request);
    }
}
