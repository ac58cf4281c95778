using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>The HTTP API of a real server: authentication, roles, problems, OpenAPI, starting runs, events.</summary>
public sealed class ServerApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AnyRoute_WithoutToken_Is401Problem()
    {
        using var client = server.Client();

        using var response = await client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertProblemAsync(response, 401, "Bearer");
    }

    [Fact]
    public async Task AnyRoute_WithUnknownToken_Is401ProblemThatNeverEchoesTheToken()
    {
        using var client = server.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "af_AAAAAAAA_not-a-real-secret");

        using var response = await client.GetAsync("/api/workflows");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("not-a-real-secret", body, StringComparison.Ordinal);
        await AssertProblemAsync(response, 401, "not valid");
    }

    [Fact]
    public async Task Viewer_CanListRuns_ButDecidingIs403Problem()
    {
        using var viewer = server.Client("vera");

        using var list = await viewer.GetAsync("/api/runs");
        using var decide = await viewer.PostAsJsonAsync("/api/runs/any-run/approvals/approveRefund", new { approve = true });

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, decide.StatusCode);
        await AssertProblemAsync(decide, 403, "viewer");
    }

    [Fact]
    public async Task Operators_AreAdminOnly()
    {
        using var bob = server.Client("bob");

        using var response = await bob.GetAsync("/api/operators");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertProblemAsync(response, 403, "admin");
    }

    [Fact]
    public async Task StartRun_InlineWorkflow_IsRefusedByDefault()
    {
        using var client = server.Client("bob");

        using var response = await client.PostAsJsonAsync("/api/runs", new { definition = new { name = "x", start = "a", nodes = new { a = new { kind = "end" } } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response, 400, "server:allowInlineWorkflows");
    }

    [Fact]
    public async Task StartRun_UnknownWorkflow_Is404NamingTheAvailableOnes()
    {
        using var client = server.Client("bob");

        using var response = await client.PostAsJsonAsync("/api/runs", new { workflow = "nope" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProblemAsync(response, 404, "refund-approval");
    }

    [Fact]
    public async Task StartRun_BadInputs_Is400ProblemNamingTheInput()
    {
        using var client = server.Client("bob");

        using var response = await client.PostAsJsonAsync("/api/runs", new { workflow = "greet", inputs = new { name = 42 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response, 400, "name");
    }

    [Fact]
    public async Task StartRun_SameIdempotencyKey_ReturnsTheSameRun()
    {
        using var client = server.Client("bob");
        var body = new { workflow = "greet", inputs = new { name = "Ana" }, idempotencyKey = "order-7" };

        using var first = await client.PostAsJsonAsync("/api/runs", body);
        using var second = await client.PostAsJsonAsync("/api/runs", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonObject>(), await second.Content.ReadFromJsonAsync<JsonObject>());
        Assert.Equal(a!["runId"]!.GetValue<string>(), b!["runId"]!.GetValue<string>());
        Assert.True(b["replayed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RunEvents_DeliverNodeCompleted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = server.Client("bob");
        await using var events = await EventStream.OpenAsync(client, "/api/runs/events", timeout.Token);

        using var started = await client.PostAsJsonAsync("/api/runs", new { workflow = "greet", inputs = new { name = "Bo" } }, timeout.Token);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        var completed = await events.WaitForAsync("node-completed", e => e["runId"]?.GetValue<string>() == runId && e["node"]?.GetValue<string>() == "hello");

        Assert.Equal("set", completed["kind"]!.GetValue<string>());
        await events.WaitForAsync("run", e => e["runId"]?.GetValue<string>() == runId && e["status"]?.GetValue<string>() == "completed");
    }

    [Fact]
    public async Task Decide_MalformedJson_Is400ProblemAboutTheBody()
    {
        using var client = server.Client("bob");
        using var body = new StringContent("{\"approve\": \"yes\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/runs/r1/approvals/n1", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response, 400, "not valid JSON");
    }

    [Fact]
    public async Task StartRun_BodyNotJson_Is415ProblemSayingWhatToSend()
    {
        using var client = server.Client("bob");
        using var body = new StringContent("workflow=greet", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await client.PostAsync("/api/runs", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertProblemAsync(response, 415, "application/json");
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        using var client = server.Client();

        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        Assert.NotNull(document!["paths"]!["/api/runs"]);
        Assert.NotNull(document["paths"]!["/api/runs/{id}/approvals/{node}"]);
    }

    [Fact]
    public async Task Workflow_ShowsSummaryAndGraph()
    {
        using var client = server.Client("vera");

        var workflow = await client.GetFromJsonAsync<JsonObject>("/api/workflows/refund-approval");
        var graph = await client.GetStringAsync("/api/workflows/refund-approval/graph?format=mermaid");

        Assert.True(workflow!["valid"]!.GetValue<bool>());
        Assert.Equal(11, workflow["nodes"]!.AsArray().Count);
        Assert.Contains("approveRefund", graph, StringComparison.Ordinal);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, int status, string detailContains)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(status, problem!["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.NotNull(problem["type"]);
        Assert.Contains(detailContains, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
