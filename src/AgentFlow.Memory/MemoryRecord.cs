using System.Text.Json.Nodes;

namespace AgentFlow.Memory;

/// <summary>One memory of an agent: its text, the text's embedding, metadata and where it came from.</summary>
public sealed record MemoryRecord
{
    /// <summary>Unique id; adding a record whose id already exists changes nothing.</summary>
    public required string Id { get; init; }

    /// <summary>The agent namespace, compared exactly (case-sensitive, no wildcards).</summary>
    public required string Agent { get; init; }

    /// <summary>The remembered text.</summary>
    public required string Text { get; init; }

    /// <summary>The text's embedding; the store L2-normalises it.</summary>
    public required float[] Embedding { get; init; }

    /// <summary>Free-form metadata; <see cref="IMemoryStore.ForgetAsync"/> can filter on it.</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>The run that stored the memory, when a workflow did.</summary>
    public string? RunId { get; init; }

    /// <summary>The node that stored the memory, when a workflow did.</summary>
    public string? NodeId { get; init; }

    /// <summary>When the memory was stored (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When the memory stops being visible (UTC); never when null.</summary>
    public DateTime? ExpiresAt { get; init; }
}
