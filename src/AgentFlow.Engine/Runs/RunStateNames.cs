namespace AgentFlow.Engine.Runs;

/// <summary>The words states are written as (in JSON, logs and CLI output): one place for each enum's names.</summary>
public static class RunStateNames
{
    /// <summary><c>pending</c>, <c>running</c>, <c>waiting</c>, <c>completed</c>, <c>failed</c> or <c>canceled</c>.</summary>
    public static string Name(this RunStatus status) => status switch
    {
        RunStatus.Pending => "pending",
        RunStatus.Running => "running",
        RunStatus.Waiting => "waiting",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        RunStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary><c>approval</c>, <c>timer</c> or <c>effect</c>.</summary>
    public static string Name(this WaitKind kind) => kind switch
    {
        WaitKind.Approval => "approval",
        WaitKind.Timer => "timer",
        WaitKind.Effect => "effect",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary><c>running</c>, <c>waiting</c>, <c>completed</c> or <c>failed</c>.</summary>
    public static string Name(this NodeStatus status) => status switch
    {
        NodeStatus.Running => "running",
        NodeStatus.Waiting => "waiting",
        NodeStatus.Completed => "completed",
        NodeStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary><c>waiting</c>, <c>escalation</c> or <c>timeout</c>.</summary>
    public static string Name(this ApprovalEventKind kind) => kind switch
    {
        ApprovalEventKind.Waiting => "waiting",
        ApprovalEventKind.Escalation => "escalation",
        ApprovalEventKind.Timeout => "timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
