using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>Tokens and cost through the API: a run's usage in its detail and in the list, and <c>GET /api/costs</c>.</summary>
public sealed class CostApiTests : IAsyncLifetime
{
    /// <summary>Two llm nodes of two agents on the offline local model.</summary>
    internal const string Pair = """
        { "name": "pair", "models": { "local": { "provider": "local" } },
          "agents": { "writer": { "model": "local" }, "critic": { "model": "local" } },
          "start": "draft",
          "nodes": { "draft": { "kind": "llm", "agent": "writer", "prompt": "Write two sentences about durable workflows that wait for approvals.", "next": "check" },
                     "check": { "kind": "llm", "agent": "critic", "prompt": "Critique this draft: {{ draft.text }}" } } }
        """;

    private readonly ServerFixture _server = new() { Workflows = new Dictionary<string, string> { ["pair"] = Pair } };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task RunAndCosts_CompletedRun_ReportUsageFromTheNodesOutputs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var bob = _server.Client("bob");
        var runId = await RunAsync(bob, timeout.Token);

        var run = (await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token))!;
        var list = (await bob.GetFromJsonAsync<JsonObject>("/api/runs?workflow=pair", timeout.Token))!;
        var byAgent = (await bob.GetFromJsonAsync<JsonObject>("/api/costs?by=agent&since=1h", timeout.Token))!;
        var byWorkflow = (await bob.GetFromJsonAsync<JsonObject>("/api/costs", timeout.Token))!;

        var nodes = run["timeline"]!.AsArray().Select(n => n!.AsObject()).ToList();
        long Sum(string field) => nodes.Sum(n => n["output"]!["usage"]![field]!.GetValue<long>());
        var (input, output) = (Sum("promptTokens"), Sum("completionTokens"));
        Assert.True(input > 0 && output > 0, run.ToJsonString());
        Assert.All(nodes, n => Assert.Equal(n["output"]!["usage"]!["promptTokens"]!.GetValue<long>(), n["usage"]!["inputTokens"]!.GetValue<long>()));
        AssertUsage(run["usage"]!, input, output, calls: 2);
        AssertUsage(list["items"]![0]!["usage"]!, input, output, calls: 2);
        Assert.Equal("agent", byAgent["query"]!["by"]!.GetValue<string>());
        var rows = byAgent["rows"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => r!);
        Assert.Equal(["critic", "writer"], rows.Keys.Order(StringComparer.Ordinal));
        AssertUsage(rows["writer"], nodes[0]["output"]!["usage"]!["promptTokens"]!.GetValue<long>(), nodes[0]["output"]!["usage"]!["completionTokens"]!.GetValue<long>(), calls: 1);
        var total = Assert.Single(byWorkflow["totals"]!.AsArray())!;
        AssertUsage(total, input, output, calls: 2);
        Assert.Equal("pair", Assert.Single(byWorkflow["rows"]!.AsArray())!["key"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/costs?by=team", "use one of workflow, agent, model")]
    [InlineData("/api/costs?since=yesterday", "since 'yesterday' is not a time")]
    [InlineData("/api/costs?since=1h&until=2h", "is not before until")]
    public async Task Costs_BadQuery_Is400ProblemSayingWhatToGive(string path, string detail)
    {
        using var vera = _server.Client("vera");

        using var response = await vera.GetAsync(path);

        await ServerApiTests.AssertProblemAsync(response, 400, detail);
    }

    private static async Task<string> RunAsync(HttpClient client, CancellationToken cancellationToken)
    {
        await using var events = await EventStream.OpenAsync(client, "/api/runs/events", cancellationToken);
        using var started = await client.PostAsJsonAsync("/api/runs", new { workflow = "pair" }, cancellationToken);
        started.EnsureSuccessStatusCode();
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["runId"]!.GetValue<string>();
        var finished = await events.WaitForAsync("run", e => e["runId"]?.GetValue<string>() == runId && e["status"]?.GetValue<string>() is "completed" or "failed" or "canceled");
        Assert.True(finished["status"]!.GetValue<string>() == "completed", finished.ToJsonString());
        return runId;
    }

    private static void AssertUsage(JsonNode usage, long input, long output, int calls)
    {
        Assert.Equal((input, output, input + output, calls), (usage["inputTokens"]!.GetValue<long>(), usage["outputTokens"]!.GetValue<long>(), usage["tokens"]!.GetValue<long>(), usage["modelCalls"]!.GetValue<int>()));
    }
}
