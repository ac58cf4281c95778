namespace AgentFlow.Engine.Approvals;

/// <summary>A configured person (or service) who may decide approvals; never carries the secret token.</summary>
/// <param name="Name">Unique name, used in <c>user:NAME</c> approvers.</param>
/// <param name="Roles">Roles, used in <c>role:ROLE</c> approvers.</param>
/// <param name="Email">Optional contact address.</param>
/// <param name="CreatedAt">When the operator was added (UTC).</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The domain's word (DESIGN.md §5); only a Visual Basic keyword, and AgentFlow is used from C#.")]
public sealed record Operator(string Name, IReadOnlyList<string> Roles, string? Email, DateTime CreatedAt);
