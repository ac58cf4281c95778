namespace AgentFlow.Core.Validation;

/// <summary>Why control can pass from one node to another.</summary>
internal enum EdgeKind
{
    /// <summary>A <c>next</c> transition, taken after the node succeeds.</summary>
    Next,

    /// <summary>The <c>onError</c> route, taken when the node fails (its output does not exist).</summary>
    OnError,

    /// <summary>From a <c>parallel</c> node to a branch start.</summary>
    Branch,

    /// <summary>From the last node of a branch to the join (taken once every branch has ended).</summary>
    BranchEnd,

    /// <summary>From a <c>parallel</c> node to its join: for reachability only.</summary>
    Fork,
}
