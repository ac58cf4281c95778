using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Approvals;

/// <summary>One line of the audit log: an <see cref="AuditEntry"/> plus its place in the hash chain and its MAC.</summary>
public sealed record AuditRecord
{
    /// <summary>1 for the first record, then +1 per record with no gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>When it happened (UTC).</summary>
    public required DateTime Time { get; init; }

    /// <summary>One of <see cref="AuditKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The run the approval belongs to (null for <see cref="AuditKinds.Operator"/> records).</summary>
    public string? RunId { get; init; }

    /// <summary>The approval node id (null for <see cref="AuditKinds.Operator"/> records).</summary>
    public string? Node { get; init; }

    /// <summary>For <see cref="AuditKinds.Operator"/> records: the operator added or removed.</summary>
    public string? Subject { get; init; }

    /// <summary>Who acted, when someone did.</summary>
    public string? Operator { get; init; }

    /// <summary>e.g. approved, rejected, timeout, repeat, done.</summary>
    public string? Decision { get; init; }

    /// <summary>The operator's comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Why a refusal happened.</summary>
    public string? Reason { get; init; }

    /// <summary>SHA-256 hex of the canonical JSON of what was shown (<see cref="AuditLog.HashOf"/>).</summary>
    public string? ShownHash { get; init; }

    /// <summary>What was shown, when it was logged.</summary>
    public JsonObject? Shown { get; init; }

    /// <summary>The operator's edits to the shown values.</summary>
    public JsonObject? Edits { get; init; }

    /// <summary>The previous record's <see cref="Hash"/>, or 64 zeros for the first record.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>Names the audit key of <see cref="Mac"/> (first 16 hex digits of its SHA-256); null on records written before keys.</summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// HMAC-SHA256 hex, with the audit key, of this record's JSON line without <c>hash</c> and <c>mac</c> in canonical form;
    /// null on records written before keys.
    /// </summary>
    public string? Mac { get; init; }

    /// <summary>SHA-256 hex of this record's JSON line without <c>hash</c>, in canonical form (see <see cref="AuditLog"/>).</summary>
    public required string Hash { get; init; }
}
