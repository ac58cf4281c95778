using System.Text.Json.Nodes;

namespace AgentFlow.Abstractions.Memory;

/// <summary>A memory to store for an agent through <see cref="IAgentMemoryWriter"/>.</summary>
public sealed record AgentMemoryNote
{
    /// <summary>The memory's id; derive it from what makes the note unique (e.g. run, node, visit, agent) so a retry stores it once.</summary>
    public required string Id { get; init; }

    /// <summary>The agent whose memory keeps it.</summary>
    public required string Agent { get; init; }

    /// <summary>The remembered text (what a later recall puts in the model's context).</summary>
    public required string Text { get; init; }

    /// <summary>Metadata, e.g. <c>{ "kind": "feedback" }</c>.</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>The run that stored it.</summary>
    public string? RunId { get; init; }

    /// <summary>The node that stored it.</summary>
    public string? NodeId { get; init; }
}
