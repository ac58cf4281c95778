using System.Text.Json;
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

    /// <summary>
    /// JSON Schema of the result, when the tool promises one: a <c>tool</c> node calling it has this output, and the
    /// validator checks templates that read it (AF310). Null (the default): the result is untyped.
    /// </summary>
    JsonElement? Output => null;

    /// <summary>Runs the tool; throw <see cref="Execution.NodeExecutionException"/> with an actionable message for bad arguments.</summary>
    Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken);
}
