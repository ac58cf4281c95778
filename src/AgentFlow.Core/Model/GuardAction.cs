namespace AgentFlow.Core.Model;

/// <summary>What happens when a guard check finds something. The JSON spelling is the lower-case name.</summary>
public enum GuardAction
{
    /// <summary>Record the finding (in the node's output, the trace and what approvers see) and go on.</summary>
    Flag,

    /// <summary>Replace what was found with a placeholder (<c>pii</c> only) and go on.</summary>
    Redact,

    /// <summary>Fail the node with a routable error whose message starts <c>blocked by guard</c>.</summary>
    Block,

    /// <summary>Hold the text for a human: the run pauses at an approval named after the node.</summary>
    Approve,
}
