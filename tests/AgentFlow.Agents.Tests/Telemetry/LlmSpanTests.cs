using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tests.Llm;
using AgentFlow.Core.Model;
using Moq;

namespace AgentFlow.Agents.Tests.Telemetry;

/// <summary>Every model call of an llm node is a GenAI span under the node visit's span; tool calls and recall too.</summary>
public sealed class LlmSpanTests : IDisposable
{
    private const string Tools = """{ "orders.lookup": { "kind": "code", "risk": "low", "name": "orders.lookup" } }""";

    private const string SchemaAndTools = """
        "output": { "type": "object", "properties": { "subject": { "type": "string" } }, "required": ["subject"] },
        "tools": ["orders.lookup"], "temperature": 0.2, "maxTokens": 300
        """;

    private readonly FakeModelServer _server = FakeModelServer.Start();
    private readonly SpanCapture _spans = new();

    public void Dispose()
    {
        _spans.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Execute_ToolRoundAndRepair_OneChatSpanPerModelCall()
    {
        _server.Reply(ChatResponses.ToolCalls(("call_1", "orders_lookup", """{ "args": { "orderId": "A-17" } }""")))
            .Reply(ChatResponses.Text("not json", promptTokens: 31, completionTokens: 4))
            .Reply(ChatResponses.Text("""{ "subject": "Shipped" }""", promptTokens: 45, completionTokens: 6));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options(), _ => new FakeToolKind(JsonNode.Parse("""{ "status": "shipped" }""")));

        await executor.ExecuteAsync(Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), SchemaAndTools, Tools)), CancellationToken.None);

        var chats = _spans.Spans.Where(s => s.DisplayName == "chat gpt-test").ToList();
        Assert.Equal(3, chats.Count);
        Assert.All(chats, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(_spans.Parent.SpanId, span.ParentSpanId);
            Assert.Equal("chat", span.GetTagItem(TelemetryTags.GenAiOperation));
            Assert.Equal("openai", span.GetTagItem(TelemetryTags.GenAiProvider));
            Assert.Equal("gpt-test", span.GetTagItem(TelemetryTags.GenAiRequestModel));
            Assert.Equal("gpt-test", span.GetTagItem(TelemetryTags.GenAiResponseModel));
            Assert.Equal("writer", span.GetTagItem(TelemetryTags.GenAiAgentName));
            Assert.Equal(300, span.GetTagItem(TelemetryTags.GenAiRequestMaxTokens));
            Assert.Equal(0.2, span.GetTagItem(TelemetryTags.GenAiRequestTemperature));
            Assert.Null(span.GetTagItem(TelemetryTags.GenAiInputMessages));
            Assert.Null(span.GetTagItem(TelemetryTags.GenAiOutputMessages));
            Assert.Null(span.GetTagItem(TelemetryTags.Cost));
        });
        Assert.Equal([(20, 9), (31, 4), (45, 6)], chats.Select(s => ((int)s.GetTagItem(TelemetryTags.GenAiInputTokens)!, (int)s.GetTagItem(TelemetryTags.GenAiOutputTokens)!)));
        Assert.Equal([["tool_calls"], ["stop"], ["stop"]], chats.Select(s => (string[])s.GetTagItem(TelemetryTags.GenAiFinishReasons)!));
        var tool = Assert.Single(_spans.Spans, s => s.DisplayName == "execute_tool orders.lookup");
        Assert.Equal(_spans.Parent.SpanId, tool.ParentSpanId);
        Assert.Equal("execute_tool", tool.GetTagItem(TelemetryTags.GenAiOperation));
        Assert.Equal("orders.lookup", tool.GetTagItem(TelemetryTags.GenAiToolName));
        Assert.True(chats[0].StartTimeUtc <= tool.StartTimeUtc && tool.StartTimeUtc <= chats[1].StartTimeUtc);
    }

    [Fact]
    public async Task Execute_HttpRetryThenAnswer_OneCallOneSpanWithTheAnswersUsage()
    {
        _server.Reply(429, """{ "error": { "message": "slow down" } }""", default, ("Retry-After", "0"))
            .Reply(ChatResponses.Text("Done.", promptTokens: 12, completionTokens: 7));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var output = await executor.ExecuteAsync(Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server))), CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
        var span = Assert.Single(_spans.Spans);
        Assert.Equal((12, 7), ((int)span.GetTagItem(TelemetryTags.GenAiInputTokens)!, (int)span.GetTagItem(TelemetryTags.GenAiOutputTokens)!));
        Assert.Equal((12, 7, 1), ((int)output!["usage"]!["promptTokens"]!, (int)output["usage"]!["completionTokens"]!, (int)output["usage"]!["calls"]!));
    }

    [Fact]
    public async Task Execute_ToolCall_ToolKindSeesTheToolSpanAsParent()
    {
        _server.Reply(ChatResponses.ToolCalls(("call_1", "orders_lookup", """{ "args": { "orderId": "A-17" } }""")))
            .Reply(ChatResponses.Text("Shipped."));
        var kind = new FakeToolKind(JsonNode.Parse("{}"));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options(), _ => kind);

        await executor.ExecuteAsync(Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server), """ "tools": ["orders.lookup"] """, Tools)), CancellationToken.None);

        var tool = Assert.Single(_spans.Spans, s => s.DisplayName == "execute_tool orders.lookup");
        Assert.Equal(tool.SpanId, Assert.Single(kind.Calls).Execution.TraceParent.SpanId);
    }

    [Fact]
    public async Task Execute_CaptureContentOn_SpanCarriesPromptAndAnswer()
    {
        _server.Reply(ChatResponses.Text("A short note."));
        var options = LlmWorkflows.Options();
        options.CaptureContent = true;
        using var executor = new LlmNodeExecutor(options);

        await executor.ExecuteAsync(Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server)), "Write about keyboards."), CancellationToken.None);

        var span = Assert.Single(_spans.Spans);
        var input = JsonNode.Parse((string)span.GetTagItem(TelemetryTags.GenAiInputMessages)!)!.AsArray();
        Assert.Equal(["system", "user"], input.Select(m => (string?)m!["role"]));
        Assert.Equal("Write about keyboards.", (string?)input[1]!["parts"]![0]!["content"]);
        var output = JsonNode.Parse((string)span.GetTagItem(TelemetryTags.GenAiOutputMessages)!)!.AsArray().Single()!;
        Assert.Equal("A short note.", (string?)output["parts"]![0]!["content"]);
        Assert.Equal("stop", (string?)output["finish_reason"]);
    }

    [Fact]
    public async Task Execute_ModelFails_SpanHasErrorStatus()
    {
        _server.Reply(400, """{ "error": { "message": "bad request" } }""");
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server))), CancellationToken.None));

        var span = Assert.Single(_spans.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.NotNull(span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Execute_NoTraceParent_ChatSpanJoinsTheCurrentActivity()
    {
        _server.Reply(ChatResponses.Text("Hi."));
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());
        using var outer = new Activity("outer").SetParentId(_spans.Parent.TraceId, _spans.Parent.SpanId, ActivityTraceFlags.Recorded).Start();

        await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create(LlmWorkflows.OpenAI(_server)), "Write."), CancellationToken.None);

        Assert.Equal(outer.SpanId, Assert.Single(_spans.Spans).ParentSpanId);
    }

    [Fact]
    public async Task Execute_AgentWithMemoryRecall_RecallIsASpanUnderTheNode()
    {
        var memory = new Mock<IAgentMemory>();
        memory.Setup(m => m.RecallAsync("writer", It.IsAny<string>(), 2, It.IsAny<CancellationToken>())).ReturnsAsync(["Issue 12 covered caching."]);
        using var executor = new LlmNodeExecutor(new LlmOptions(), memory: memory.Object);
        var workflow = LlmWorkflows.Create("""{ "provider": "local" }""");
        workflow = workflow with { Agents = new Dictionary<string, AgentDefinition> { ["writer"] = workflow.Agents["writer"] with { RecallCount = 2 } } };

        await executor.ExecuteAsync(Context(workflow, "Summarise earlier issues."), CancellationToken.None);

        var recall = Assert.Single(_spans.Spans, s => s.DisplayName == "memory.recall");
        Assert.Equal(_spans.Parent.SpanId, recall.ParentSpanId);
        Assert.Equal("writer", recall.GetTagItem(TelemetryTags.Agent));
        Assert.Equal(1, recall.GetTagItem(TelemetryTags.Results));
        var chat = Assert.Single(_spans.Spans, s => s.DisplayName == "chat agentflow-local");
        Assert.Equal("agentflow.local", chat.GetTagItem(TelemetryTags.GenAiProvider));
    }

    private NodeExecutionContext Context(WorkflowDefinition workflow, string prompt = "Write.") =>
        LlmWorkflows.Context(workflow, prompt) with { TraceParent = _spans.Parent };
}
