using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Llm;

namespace AgentFlow.Agents.Tests.Llm;

public sealed class LlmStructuredOutputTests : IDisposable
{
    private const string Schema = """
        "output": { "type": "object", "properties": { "subject": { "type": "string" }, "priority": { "type": "integer", "minimum": 1 } },
                    "required": ["subject", "priority"] }
        """;

    private readonly FakeModelServer _server = FakeModelServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_ValidJsonFirstTime_ReturnsTheObjectWithUsage()
    {
        _server.Reply(ChatResponses.Text("""{ "subject": "Refund", "priority": 2 }"""));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var output = await executor.ExecuteAsync(Context(), CancellationToken.None);

        Assert.Equal("Refund", (string?)output!["subject"]);
        Assert.Equal(2, (int)output["priority"]!);
        Assert.Equal("writer", (string?)output["usage"]!["model"]);
        Assert.Null(output["text"]);
        var body = Assert.Single(_server.Requests).Json;
        Assert.Equal("json_schema", (string?)body["response_format"]!["type"]);
        Assert.Equal("object", (string?)body["response_format"]!["json_schema"]!["schema"]!["type"]);
        Assert.Contains("JSON Schema", (string?)body["messages"]![0]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_JsonObjectMode_AsksForJsonObject()
    {
        _server.Reply(ChatResponses.Text("""{ "subject": "Refund", "priority": 2 }"""));
        var options = LlmWorkflows.Options();
        options.StructuredOutput = StructuredOutputMode.JsonObject;
        using var executor = new LlmNodeExecutor(options);

        await executor.ExecuteAsync(Context(), CancellationToken.None);

        Assert.Equal("json_object", (string?)Assert.Single(_server.Requests).Json["response_format"]!["type"]);
    }

    [Fact]
    public async Task Execute_InvalidThenRepaired_SendsTheErrorsAndReturnsTheRepairedObject()
    {
        _server.Reply(ChatResponses.Text("""{ "subject": "Refund", "priority": "high" }""", promptTokens: 10, completionTokens: 5))
            .Reply(ChatResponses.Text("""{ "subject": "Refund", "priority": 1 }""", promptTokens: 30, completionTokens: 6));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var output = await executor.ExecuteAsync(Context(), CancellationToken.None);

        Assert.Equal(1, (int)output!["priority"]!);
        Assert.Equal(2, _server.Requests.Count);
        var repair = _server.Requests[1].Messages;
        Assert.Equal(["system", "user", "assistant", "user"], repair.Select(m => (string?)m!["role"]));
        Assert.Contains("\"priority\": \"high\"", (string?)repair[2]!["content"], StringComparison.Ordinal);
        var request = (string?)repair[3]!["content"];
        Assert.Contains("/priority", request, StringComparison.Ordinal);
        Assert.Contains("corrected JSON only", request, StringComparison.Ordinal);
        Assert.Equal(40, (int)output["usage"]!["promptTokens"]!);
        Assert.Equal(2, (int)output["exchange"]!["requests"]!);
    }

    [Fact]
    public async Task Execute_InvalidTwice_FailsNamingNodeModelAndErrors()
    {
        _server.Reply(ChatResponses.Text("Sure! The subject is Refund."))
            .Reply(ChatResponses.Text("""{ "subject": "Refund" }"""));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Contains("node 'draft'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'writer' (openai gpt-test", error.Message, StringComparison.Ordinal);
        Assert.Contains("priority", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains("not valid JSON", (string?)_server.Requests[1].Messages[3]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_AnswerInCodeFence_IsAccepted()
    {
        _server.Reply(ChatResponses.Text("```json\n{ \"subject\": \"Refund\", \"priority\": 3 }\n```"));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var output = await executor.ExecuteAsync(Context(), CancellationToken.None);

        Assert.Equal(3, (int)output!["priority"]!);
        Assert.Single(_server.Requests);
    }

    private NodeExecutionContext Context() =>
        LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), Schema), "Triage: my refund is late.");
}
