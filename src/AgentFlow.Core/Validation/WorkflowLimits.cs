namespace AgentFlow.Core.Validation;

/// <summary>
/// Size limits of workflows and runs. Runs take linear time in their size; the limits keep one run's history,
/// state and timeline within what a durable backend stores comfortably.
/// </summary>
public static class WorkflowLimits
{
    /// <summary>Most nodes in one workflow file, map bodies included (AF210 above it).</summary>
    public const int MaxNodes = 10_000;

    /// <summary>
    /// Most node executions in one orchestration: the run, and separately each sub-run and each map chunk of 100 items
    /// it starts. A run that would exceed it fails with a message naming the limit.
    /// </summary>
    public const int MaxVisitsPerRun = 100_000;
}
