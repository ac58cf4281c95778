using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Llm;

namespace AgentFlow.Agents.Tests.Llm;

/// <summary>What reaches an OpenAI-compatible server: the token-limit field a model declares, and how many requests a rate-limited call made.</summary>
public sealed class LlmRequestBodyTests : IDisposable
{
    private readonly FakeModelServer _server = FakeModelServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_ModelWithMaxTokensFieldMaxTokens_SendsMaxTokensOnly()
    {
        _server.Reply(ChatResponses.Text("Done."));
        var model = $$"""{ "provider": "openai", "model": "gpt-test", "baseUrl": "{{_server.BaseUrl}}", "apiKeyEnv": "{{LlmWorkflows.KeyVariable}}", "maxTokensField": "max_tokens" }""";
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create(model, "\"maxTokens\": 50"), "Write a note."), CancellationToken.None);

        var body = Assert.Single(_server.Requests).Json;
        Assert.Equal(50, body["max_tokens"]!.GetValue<int>());
        Assert.False(body.ContainsKey("max_completion_tokens"), body.ToJsonString());
    }

    [Fact]
    public async Task Execute_ModelWithoutMaxTokensField_SendsTheSdksMaxCompletionTokens()
    {
        _server.Reply(ChatResponses.Text("Done."));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), "\"maxTokens\": 50"), "Write a note."), CancellationToken.None);

        var body = Assert.Single(_server.Requests).Json;
        Assert.Equal(50, body["max_completion_tokens"]!.GetValue<int>());
        Assert.False(body.ContainsKey("max_tokens"), body.ToJsonString());
    }

    [Fact]
    public async Task Execute_429OnEveryRetry_SaysHowManyRequestsWereMade()
    {
        for (var i = 0; i < 4; i++)
        {
            _server.Reply(429, """{ "error": { "message": "slow down" } }""", default, ("Retry-After", "0"));
        }

        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Equal(4, _server.Requests.Count);
        Assert.Contains("HTTP 429 (TooManyRequests) after 4 requests (3 retries) (rate limited)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_429WithRetryAfterBeyondMaxDelay_SaysOneRequestWasMade()
    {
        _server.Reply(429, """{ "error": { "message": "quota exceeded" } }""", default, ("Retry-After", "3600"));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Single(_server.Requests);
        Assert.Contains("HTTP 429 (TooManyRequests) after 1 request (rate limited)", error.Message, StringComparison.Ordinal);
    }

    private NodeExecutionContext Context() => LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server)), "Write a note.");
}
