using System.Text.Json.Nodes;

namespace AgentFlow.Abstractions.Tools;

/// <summary>
/// A tool written in C# and registered in code. A workflow uses it by declaring
/// <c>{ "kind": "code", "risk": "...", "name": "NAME" }</c>; only registered names can run (the allow-list).
/// An implementation must be safe to call again with the same <see cref="Execution.NodeExecutionContext.IdempotencyKey"/>
/// (retries and crash recovery do that): make the effect idempotent, or check the key first.
/// </summary>
public interface ICodeTool
{
    /// <summary>The registered name, e.g. <c>orders.lookup</c>.</summary>
    string Name { get; }

    /// <summary>Runs the tool; throw <see cref="Execution.NodeExecutionException"/> with an actionable message for bad arguments.</summary>
    Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken);
}
