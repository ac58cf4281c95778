using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Llm;

namespace AgentFlow.Agents.Tests.Llm;

public sealed class LlmToolCallTests : IDisposable
{
    private const string Tools = """
        {
          "orders.lookup": { "kind": "code", "risk": "low", "name": "orders.lookup", "description": "Finds an order by id." },
          "refund": { "kind": "code", "risk": "high", "name": "payments.refund" }
        }
        """;

    private readonly FakeModelServer _server = FakeModelServer.Start();
    private readonly FakeToolKind _kind = new(JsonNode.Parse("""{ "status": "shipped" }"""));

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_LowRiskToolCall_RunsTheToolAndSendsTheResultBack()
    {
        _server.Reply(ChatResponses.ToolCalls(("call_1", "orders_lookup", """{ "args": { "orderId": "A-17" } }""")))
            .Reply(ChatResponses.Text("Order A-17 has shipped."));
        using var executor = Executor();

        var output = await executor.ExecuteAsync(Context(), CancellationToken.None);

        var call = Assert.Single(_kind.Calls);
        Assert.Equal("orders.lookup", call.Tool.Name);
        Assert.Equal("A-17", (string?)call.Args["orderId"]);
        Assert.StartsWith("draft.tool[orders.lookup:", call.Execution.NodeId, StringComparison.Ordinal);
        Assert.NotEqual("run-1/draft/1", call.Execution.IdempotencyKey);
        Assert.Equal("Order A-17 has shipped.", (string?)output!["text"]);
        Assert.Empty(output["requests"]!.AsArray());

        var first = _server.Requests[0].Json;
        var function = first["tools"]!.AsArray().Select(t => t!["function"]!).Single(f => (string?)f["name"] == "orders_lookup");
        Assert.Equal("Finds an order by id.", (string?)function["description"]);
        Assert.Equal("object", (string?)function["parameters"]!["properties"]!["args"]!["type"]);
        var followUp = _server.Requests[1].Messages;
        Assert.Equal(["system", "user", "assistant", "tool"], followUp.Select(m => (string?)m!["role"]));
        Assert.Equal("call_1", (string?)followUp[3]!["tool_call_id"]);
        Assert.Contains("shipped", (string?)followUp[3]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ToolCallWithoutArgsWrapper_PassesTheArgumentsWithTheirTypes()
    {
        _server.Reply(ChatResponses.ToolCalls(("call_1", "orders_lookup", """{ "orderId": "A-17", "quantity": 2, "rush": true }""")))
            .Reply(ChatResponses.Text("Done."));
        using var executor = Executor();

        var output = await executor.ExecuteAsync(Context(), CancellationToken.None);

        var call = Assert.Single(_kind.Calls);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "orderId": "A-17", "quantity": 2, "rush": true }"""), call.Args));
        var assistant = output!["exchange"]!["messages"]![2]!;
        Assert.Equal("assistant", (string?)assistant["role"]);
        Assert.Equal(2, (int)assistant["toolCalls"]![0]!["arguments"]!["quantity"]!);
    }

    [Fact]
    public async Task Execute_HighRiskToolCall_ReturnsRequestsWithoutCallingTheTool()
    {
        _server.Reply(ChatResponses.ToolCalls(("call_9", "refund", """{ "args": { "orderId": "A-17", "amount": 25 } }""")));
        using var executor = Executor();

        var output = await executor.ExecuteAsync(Context(), CancellationToken.None);

        Assert.Empty(_kind.Calls);
        Assert.Single(_server.Requests);
        var request = Assert.Single(output!["requests"]!.AsArray())!;
        Assert.Equal("refund", (string?)request["tool"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "orderId": "A-17", "amount": 25 }"""), request["args"]));
        Assert.Equal("call_9", (string?)request["id"]);
        Assert.Equal("tool_calls", (string?)output["exchange"]!["finishReason"]);
    }

    [Fact]
    public async Task Execute_ModelKeepsCallingTools_FailsAfterMaxRounds()
    {
        var options = LlmWorkflows.Options();
        options.MaxToolRounds = 2;
        for (var i = 0; i < 3; i++)
        {
            _server.Reply(ChatResponses.ToolCalls(($"call_{i}", "orders_lookup", $$"""{ "args": { "orderId": "A-{{i}}" } }""")));
        }

        using var executor = new LlmNodeExecutor(options, kind => kind == "code" ? _kind : null);

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Contains("after 2 rounds", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _kind.Calls.Count);
    }

    private LlmNodeExecutor Executor() => new(LlmWorkflows.Options(), kind => kind == "code" ? _kind : null);

    private NodeExecutionContext Context() =>
        LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), "\"tools\": [\"orders.lookup\", \"refund\"]", Tools), "Where is order A-17? Refund it.");
}
