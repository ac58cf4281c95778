using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Agents.Tests.Llm;

/// <summary>A <c>code</c> tool kind that records its calls and answers with a fixed result.</summary>
public sealed class FakeToolKind(JsonNode? result) : IToolKind
{
    private readonly ConcurrentQueue<ToolCall> _calls = new();

    public string Kind => "code";

    public IReadOnlyList<ToolCall> Calls => [.. _calls];

    public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        _calls.Enqueue(toolCall);
        return Task.FromResult(result?.DeepClone());
    }
}
