using System.Text.Json.Nodes;
using AgentFlow.Agents.Llm;

namespace AgentFlow.Agents.Tests.Llm;

public sealed class LlmChatTests : IDisposable
{
    private readonly FakeModelServer _server = FakeModelServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_OpenAI_SendsSystemUserTemperatureAndMaxTokens()
    {
        _server.Reply(ChatResponses.Text("Hello there."));
        var workflow = LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), "\"temperature\": 0.3, \"maxTokens\": 150");
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        await executor.ExecuteAsync(LlmWorkflows.Context(workflow, "Greet Ana."), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {LlmWorkflows.Key}", request.Header("Authorization"));
        var body = request.Json;
        Assert.Equal("gpt-test", (string?)body["model"]);
        Assert.Equal(0.3, (double)body["temperature"]!, 3);
        Assert.Equal(150, (int)(body["max_completion_tokens"] ?? body["max_tokens"])!);
        Assert.Collection(
            request.Messages,
            m => Assert.Equal(("system", LlmWorkflows.Instructions), ((string?)m!["role"], Content(m))),
            m => Assert.Equal(("user", "Greet Ana."), ((string?)m!["role"], Content(m))));
        Assert.Null(body["tools"]);
        Assert.Null(body["response_format"]);
    }

    [Fact]
    public async Task Execute_OpenAI_ReturnsTextUsageAndExchange()
    {
        _server.Reply(ChatResponses.Text("Hello there.", promptTokens: 21, completionTokens: 4));
        var workflow = LlmWorkflows.Create(LlmWorkflows.OpenAI(_server));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var output = (await executor.ExecuteAsync(LlmWorkflows.Context(workflow, "Greet Ana."), CancellationToken.None))!.AsObject();

        Assert.Equal("Hello there.", (string?)output["text"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "promptTokens": 21, "completionTokens": 4, "calls": 1, "model": "writer", "provider": "openai", "agent": "writer" }"""), output["usage"]));
        var exchange = output["exchange"]!;
        Assert.Equal("Hello there.", (string?)exchange["response"]);
        Assert.Equal("stop", (string?)exchange["finishReason"]);
        Assert.Equal(["system", "user"], exchange["messages"]!.AsArray().Select(m => (string?)m!["role"]));
        Assert.DoesNotContain(LlmWorkflows.Key, output.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_AzureOpenAI_CallsDeploymentPathWithApiKeyHeader()
    {
        _server.Reply(ChatResponses.Text("Hi from Azure."));
        var model = $$"""{ "provider": "azure-openai", "model": "my-deployment", "baseUrl": "{{_server.Root}}", "apiKeyEnv": "{{LlmWorkflows.KeyVariable}}" }""";
        var workflow = LlmWorkflows.Create(model);
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var output = await executor.ExecuteAsync(LlmWorkflows.Context(workflow, "Say hi."), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/openai/deployments/my-deployment/chat/completions", request.Path);
        Assert.Contains("api-version=", request.Query, StringComparison.Ordinal);
        Assert.Equal(LlmWorkflows.Key, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("Hi from Azure.", (string?)output!["text"]);
        Assert.Equal("azure-openai", (string?)output["usage"]!["provider"]);
    }

    [Fact]
    public async Task Execute_OpenAIWithoutApiKeyEnv_SendsNoAuthorizationHeader()
    {
        _server.Reply(ChatResponses.Text("Hi."));
        var workflow = LlmWorkflows.Create($$"""{ "provider": "openai", "model": "llama3.1", "baseUrl": "{{_server.BaseUrl}}" }""");
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        await executor.ExecuteAsync(LlmWorkflows.Context(workflow, "Say hi."), CancellationToken.None);

        Assert.Null(Assert.Single(_server.Requests).Header("Authorization"));
    }

    private static string? Content(JsonNode message) => message["content"] switch
    {
        JsonValue text => (string?)text,
        JsonArray parts => string.Concat(parts.Select(p => (string?)p!["text"])),
        _ => null,
    };
}
