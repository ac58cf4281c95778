using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Model;

namespace AgentFlow.Abstractions.Tools;

/// <summary>One call of a declared tool by a <c>tool</c> node.</summary>
public sealed record ToolCall
{
    /// <summary>The tool's declaration (kind, risk, settings).</summary>
    public required ToolDefinition Tool { get; init; }

    /// <summary>The node's rendered <c>args</c>.</summary>
    public required JsonObject Args { get; init; }

    /// <summary>The node execution: run, node, iteration and <see cref="NodeExecutionContext.IdempotencyKey"/>.</summary>
    public required NodeExecutionContext Execution { get; init; }
}
