namespace AgentFlow.Engine.Approvals;

/// <summary>Decides whether an operator is one of an approval node's <c>approvers</c>.</summary>
public static class ApproverMatch
{
    private const string UserPrefix = "user:";
    private const string RolePrefix = "role:";

    /// <summary>
    /// True when an approver is <c>user:NAME</c> with the operator's name or <c>role:ROLE</c> with one of its roles
    /// (ordinal, case-sensitive); other approver forms never match.
    /// </summary>
    public static bool Matches(Operator op, IEnumerable<string> approvers)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(approvers);
        foreach (var approver in approvers)
        {
            if (approver is null)
            {
                continue;
            }

            if (approver.StartsWith(UserPrefix, StringComparison.Ordinal)
                && string.Equals(approver[UserPrefix.Length..], op.Name, StringComparison.Ordinal))
            {
                return true;
            }

            if (approver.StartsWith(RolePrefix, StringComparison.Ordinal)
                && op.Roles.Contains(approver[RolePrefix.Length..], StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
