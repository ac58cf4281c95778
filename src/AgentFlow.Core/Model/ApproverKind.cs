namespace AgentFlow.Core.Model;

/// <summary>Whether an <see cref="Approver"/> names one operator or a role.</summary>
public enum ApproverKind
{
    /// <summary><c>user:NAME</c>: the operator with that name.</summary>
    User,

    /// <summary><c>role:ROLE</c>: every operator with that role.</summary>
    Role,
}
