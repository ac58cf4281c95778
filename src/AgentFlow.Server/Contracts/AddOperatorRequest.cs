namespace AgentFlow.Server.Contracts;

/// <summary>The body of <c>POST /api/operators</c>.</summary>
/// <param name="Name">Operator name (letters, digits, _ . @ -).</param>
/// <param name="Roles">Roles, matched by <c>role:ROLE</c> approvers; <c>admin</c> manages operators, <c>viewer</c> only reads.</param>
/// <param name="Email">Where approval requests are sent.</param>
public sealed record AddOperatorRequest(string? Name, IReadOnlyList<string>? Roles, string? Email = null);
