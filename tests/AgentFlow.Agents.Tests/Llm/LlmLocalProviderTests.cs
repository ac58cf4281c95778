using System.Text.Json;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tests.Local;
using Json.Schema;

namespace AgentFlow.Agents.Tests.Llm;

public sealed class LlmLocalProviderTests : IDisposable
{
    private const string LocalModel = """{ "provider": "local" }""";

    private readonly LlmNodeExecutor _executor = new();

    public void Dispose() => _executor.Dispose();

    [Fact]
    public async Task Execute_LocalHelloPrompt_GreetsThroughTheChatService()
    {
        var workflow = LlmWorkflows.Create(LocalModel, "\"maxTokens\": 200", instructions: "You are a friendly assistant. Keep answers short.");

        var output = await _executor.ExecuteAsync(LlmWorkflows.Context(workflow, Texts.Hello), CancellationToken.None);

        Assert.StartsWith("Hello Ana! Welcome to AgentFlow.", (string?)output!["text"], StringComparison.Ordinal);
        Assert.Equal("local", (string?)output["usage"]!["provider"]);
        Assert.True((int)output["usage"]!["completionTokens"]! > 0);
        Assert.Equal("stop", (string?)output["exchange"]!["finishReason"]);
        Assert.Equal(["system", "user"], output["exchange"]!["messages"]!.AsArray().Select(m => (string?)m!["role"]));
    }

    [Fact]
    public async Task Execute_LocalWithOutputSchema_ReturnsAValidObject()
    {
        var workflow = LlmWorkflows.Create(LocalModel, $"\"output\": {Texts.TriageSchema}", instructions: Texts.Triager);

        var output = (await _executor.ExecuteAsync(LlmWorkflows.Context(workflow, Texts.Triage(Texts.DoubleCharge)), CancellationToken.None))!.AsObject();

        Assert.Equal("billing", (string?)output["category"]);
        Assert.Equal(1, (int)output["exchange"]!["requests"]!);
        output.Remove("usage");
        output.Remove("exchange");
        using var answer = JsonDocument.Parse(output.ToJsonString());
        Assert.True(JsonSchema.FromText(Texts.TriageSchema).Evaluate(answer.RootElement).IsValid, output.ToJsonString());
    }
}
