using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Tests.Costs;

/// <summary>Reading a node output's <c>usage</c> object.</summary>
public sealed class TokenUsageTests
{
    [Fact]
    public void FromOutput_without_calls_counts_one_model_call()
    {
        var usage = TokenUsage.FromOutput(JsonNode.Parse("""{ "text": "hi", "usage": { "promptTokens": 12, "completionTokens": 3, "model": "local" } }"""));

        Assert.NotNull(usage);
        Assert.Equal((12L, 3L, 1, "local"), (usage.InputTokens, usage.OutputTokens, usage.ModelCalls, usage.Model));
    }

    [Fact]
    public void FromOutput_reads_calls_cost_and_currency()
    {
        var usage = TokenUsage.FromOutput(JsonNode.Parse("""{ "usage": { "promptTokens": 1, "completionTokens": 2, "calls": 3, "cost": 0.25, "currency": "EUR", "agent": "a" } }"""));

        Assert.NotNull(usage);
        Assert.Equal((3, 0.25m, "EUR", "a"), (usage.ModelCalls, usage.Cost, usage.Currency, usage.Agent));
    }
}
