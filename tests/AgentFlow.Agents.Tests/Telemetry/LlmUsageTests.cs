using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tests.Llm;

namespace AgentFlow.Agents.Tests.Telemetry;

/// <summary>An llm node's <c>usage</c>: tokens as the provider reports them per call, calls, cost from the price table.</summary>
public sealed class LlmUsageTests : IDisposable
{
    private const string Tools = """{ "orders.lookup": { "kind": "code", "risk": "low", "name": "orders.lookup" } }""";

    private readonly FakeModelServer _server = FakeModelServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_ToolRoundAndRepair_UsageSumsTheServersUsageOverEveryCall()
    {
        _server.Reply(ChatResponses.ToolCalls(("call_1", "orders_lookup", """{ "args": { "orderId": "A-17" } }""")))
            .Reply(ChatResponses.Text("not json", promptTokens: 31, completionTokens: 4))
            .Reply(ChatResponses.Text("""{ "subject": "Shipped" }""", promptTokens: 45, completionTokens: 6));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options(), _ => new FakeToolKind(JsonNode.Parse("{}")));
        var node = """
            "output": { "type": "object", "properties": { "subject": { "type": "string" } }, "required": ["subject"] }, "tools": ["orders.lookup"]
            """;

        var output = await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), node, Tools), "Write."), CancellationToken.None);

        var usage = output!["usage"]!.AsObject();
        Assert.Equal(
            ["promptTokens", "completionTokens", "calls", "model", "provider", "agent"],
            usage.Select(p => p.Key));
        Assert.Equal((20 + 31 + 45, 9 + 4 + 6, 3), ((int)usage["promptTokens"]!, (int)usage["completionTokens"]!, (int)usage["calls"]!));
        Assert.Equal(("writer", "openai", "writer"), ((string?)usage["model"], (string?)usage["provider"], (string?)usage["agent"]));
    }

    [Fact]
    public async Task Execute_PricedByProviderModelId_CostIsTheExactDecimalSum()
    {
        _server.Reply(ChatResponses.ToolCalls(("call_1", "orders_lookup", "{}"))).Reply(ChatResponses.Text("Done.", promptTokens: 12, completionTokens: 7));
        var prices = new PriceTable("EUR", new Dictionary<string, ModelPrice> { ["gpt-test"] = new(0.15m, 0.60m) });
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options(), _ => new FakeToolKind(JsonNode.Parse("{}")), prices: prices);

        var output = await executor.ExecuteAsync(
            LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), """ "tools": ["orders.lookup"] """, Tools), "Write."), CancellationToken.None);

        // (20 * 0.15 + 9 * 0.60) / 1M + (12 * 0.15 + 7 * 0.60) / 1M
        Assert.Equal(0.0000144m, output!["usage"]!["cost"]!.GetValue<decimal>());
        Assert.Equal("EUR", (string?)output["usage"]!["currency"]);
    }

    [Fact]
    public async Task Execute_PricedByWorkflowModelName_UsesThatPrice()
    {
        _server.Reply(ChatResponses.Text("Done.", promptTokens: 1000, completionTokens: 500));
        var prices = new PriceTable("USD", new Dictionary<string, ModelPrice> { ["writer"] = new(2m, 8m) });
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options(), prices: prices);

        var output = await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server)), "Write."), CancellationToken.None);

        Assert.Equal(0.006m, output!["usage"]!["cost"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Execute_LocalProvider_CountsTokensWithItsTokenRuleAndIsFree()
    {
        using var executor = new LlmNodeExecutor(new LlmOptions());
        const string prompt = "Summarise: the keyboard arrived broken and the customer asked for a refund within two days.";

        var output = await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create("""{ "provider": "local" }"""), prompt), CancellationToken.None);

        var usage = output!["usage"]!;
        Assert.Equal(TokenEstimate.Count(LlmWorkflows.Instructions) + TokenEstimate.Count(prompt), (int)usage["promptTokens"]!);
        Assert.Equal(TokenEstimate.Count((string?)output["text"]), (int)usage["completionTokens"]!);
        Assert.Equal((1, 0m, "USD"), ((int)usage["calls"]!, usage["cost"]!.GetValue<decimal>(), (string?)usage["currency"]));
    }

    [Fact]
    public void TokenEstimate_CountsFourThirdsOfTheWordsRoundedUp()
    {
        Assert.Equal((0, 0, 2, 4, 6), (TokenEstimate.Count(null), TokenEstimate.Count("  "), TokenEstimate.Count("one"), TokenEstimate.Count("a b c"), TokenEstimate.Count("a\tb\nc  d")));
    }
}
