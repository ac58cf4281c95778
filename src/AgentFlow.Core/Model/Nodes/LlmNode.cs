using System.Text.Json;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>One chat completion by an agent.</summary>
public sealed record LlmNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Llm;

    /// <summary>Name of a declared agent.</summary>
    public required string Agent { get; init; }

    /// <summary>Liquid template of the user message.</summary>
    public required string Prompt { get; init; }

    /// <summary>JSON Schema the answer must match (structured output), if any.</summary>
    public JsonElement? Output { get; init; }

    /// <summary>Names of declared tools offered to the model.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Sampling temperature, 0..2.</summary>
    public double? Temperature { get; init; }

    /// <summary>Upper bound on generated tokens.</summary>
    public int? MaxTokens { get; init; }
}
