using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Llm;

namespace AgentFlow.Agents.Tests.Llm;

public sealed class LlmHttpFailureTests : IDisposable
{
    private const string ServerError = """{ "error": { "message": "the model is overloaded", "type": "server_error" } }""";

    private readonly FakeModelServer _server = FakeModelServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_429ThenSuccess_RetriesAfterRetryAfter()
    {
        _server.Reply(429, """{ "error": { "message": "slow down" } }""", default, ("Retry-After", "0"))
            .Reply(ChatResponses.Text("Done."));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var output = await executor.ExecuteAsync(Context(), CancellationToken.None);

        Assert.Equal("Done.", (string?)output!["text"]);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(_server.Requests[0].Body, _server.Requests[1].Body);
    }

    [Fact]
    public async Task Execute_500FourTimes_FailsNamingNodeAndStatus()
    {
        for (var i = 0; i < 4; i++)
        {
            _server.Reply(500, ServerError);
        }

        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Equal(4, _server.Requests.Count);
        Assert.Contains("node 'draft'", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("the model is overloaded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LlmWorkflows.Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_RetryAfterBeyondMaxDelay_FailsWithoutWaiting()
    {
        _server.Reply(429, """{ "error": { "message": "quota exceeded" } }""", default, ("Retry-After", "3600"));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Single(_server.Requests);
        Assert.Contains("HTTP 429", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ServerSlowerThanTimeout_FailsWithTimeout()
    {
        _server.Reply(200, ChatResponses.Text("Too late."), TimeSpan.FromSeconds(3));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options(timeout: TimeSpan.FromMilliseconds(300)));

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Contains("node 'draft'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer within 0.3 s", error.Message, StringComparison.Ordinal);

        // Not retried. (On a loaded machine the 300 ms can pass before the server has even recorded the one request.)
        Assert.True(_server.Requests.Count <= 1, $"{_server.Requests.Count} requests: a timeout was retried");
    }

    [Fact]
    public async Task Execute_MalformedJsonBody_FailsWithReadableError()
    {
        _server.Reply(200, """{ "id": "chatcmpl-1", "choices": [ { "message": """);
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Contains("node 'draft'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable chat completion", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ServerNotRunning_FailsWithConnectionError()
    {
        var port = _server.Port;
        _server.Dispose();
        var workflow = LlmWorkflows.Create($$"""{ "provider": "openai", "model": "gpt-test", "baseUrl": "http://127.0.0.1:{{port}}/v1" }""");
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(LlmWorkflows.Context(workflow, "Hi."), CancellationToken.None));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    private NodeExecutionContext Context() => LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server)), "Write a note.");
}
