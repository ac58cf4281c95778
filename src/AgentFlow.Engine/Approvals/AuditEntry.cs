using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Approvals;

/// <summary>What a caller appends to the <see cref="AuditLog"/>; the log adds sequence, chain, MAC and hash.</summary>
/// <param name="Kind">One of <see cref="AuditKinds"/>.</param>
/// <param name="RunId">The run the approval belongs to (null for <see cref="AuditKinds.Operator"/>).</param>
/// <param name="Node">The approval node id (null for <see cref="AuditKinds.Operator"/>).</param>
/// <param name="Operator">Who acted, when someone did.</param>
/// <param name="Decision">e.g. approved, rejected, timeout, repeat, done.</param>
/// <param name="Comment">The operator's comment.</param>
/// <param name="Shown">What the operator was shown; its hash becomes <see cref="AuditRecord.ShownHash"/>.</param>
/// <param name="Edits">The operator's edits to the shown values.</param>
/// <param name="Reason">Why a refusal happened.</param>
/// <param name="Time">When it happened; now (UTC) when null.</param>
/// <param name="ShownHash">The hash of what was shown, when <paramref name="Shown"/> itself is not to be logged.</param>
/// <param name="Subject">For <see cref="AuditKinds.Operator"/>: the operator added or removed.</param>
public sealed record AuditEntry(
    string Kind,
    string? RunId,
    string? Node,
    string? Operator = null,
    string? Decision = null,
    string? Comment = null,
    JsonObject? Shown = null,
    JsonObject? Edits = null,
    string? Reason = null,
    DateTime? Time = null,
    string? ShownHash = null,
    string? Subject = null);
