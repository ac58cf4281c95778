namespace AgentFlow.Core.Model;

/// <summary>What an approval node does when its <c>timeout</c> passes without a decision (<c>onTimeout</c>).</summary>
public enum ApprovalTimeoutAction
{
    /// <summary><c>reject</c> (the default): the node ends rejected, decision <c>timeout</c>.</summary>
    Reject,

    /// <summary><c>approve</c>: the node ends approved, decision <c>timeout</c>.</summary>
    Approve,

    /// <summary><c>fail</c>: the node fails.</summary>
    Fail,

    /// <summary><c>escalate</c>: the <c>escalate.to</c> approvers are added and get <c>escalate.after</c> more.</summary>
    Escalate,
}
