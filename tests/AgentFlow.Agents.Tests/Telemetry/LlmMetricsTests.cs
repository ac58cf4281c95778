using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tests.Llm;

namespace AgentFlow.Agents.Tests.Telemetry;

/// <summary>Tokens, duration and cost of every model call on AgentFlow's meter.</summary>
[Collection(nameof(ProcessWideMetrics))]
public sealed class LlmMetricsTests : IDisposable
{
    private readonly FakeModelServer _server = FakeModelServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_PricedCall_RecordsTokensDurationAndCost()
    {
        _server.Reply(ChatResponses.Text("Done.", promptTokens: 12, completionTokens: 7));
        var prices = new PriceTable("USD", new Dictionary<string, ModelPrice> { ["gpt-test"] = new(0.15m, 0.60m) });
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options(), prices: prices);
        using var metrics = new MetricCapture();

        await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server)), "Write."), CancellationToken.None);

        var tokens = metrics.Of(AgentFlowMetrics.TokenUsage.Name, "writer");
        Assert.Equal([("input", 12.0), ("output", 7.0)], tokens.Select(m => ((string)m.Tags[TelemetryTags.GenAiTokenType]!, m.Value)));
        Assert.All(tokens, m => Assert.Equal("gpt-test", m.Tags[TelemetryTags.GenAiRequestModel]));
        Assert.True(Assert.Single(metrics.Of(AgentFlowMetrics.ModelCallDuration.Name, "writer")).Value > 0);
        var cost = Assert.Single(metrics.Of(AgentFlowMetrics.Cost.Name, "writer"));
        Assert.Equal(0.000006, cost.Value, 12);
        Assert.Equal("USD", cost.Tags[TelemetryTags.Currency]);
    }

    [Fact]
    public async Task Execute_UnpricedLocalCall_RecordsTokensButNoCost()
    {
        using var executor = new LlmNodeExecutor(new LlmOptions());
        using var metrics = new MetricCapture();

        await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create("""{ "provider": "local" }"""), "Write a line about keyboards."), CancellationToken.None);

        Assert.Equal(2, metrics.Of(AgentFlowMetrics.TokenUsage.Name, "writer").Count);
        Assert.Empty(metrics.Of(AgentFlowMetrics.Cost.Name, "writer"));
    }
}
