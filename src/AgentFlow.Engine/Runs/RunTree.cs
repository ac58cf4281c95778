using AgentFlow.Engine.Backends;
using DurableTask.Core;

namespace AgentFlow.Engine.Runs;

/// <summary>
/// Sees a run whole: what its sub-runs and map chunks wait for is what the run waits for, and a run whose
/// orchestrations still have messages to take in (a decision raised, a sub-run's result) is not settled yet.
/// </summary>
internal sealed class RunTree(TaskHubClient client, IRunBacklog? backlog)
{
    /// <summary>Sub-runs nest at most this deep (a deeper tree is read this far).</summary>
    private const int MaxDepth = 32;

    /// <summary>The run with <see cref="RunProgress.Waiting"/> and its status gathered from every orchestration in flight.</summary>
    public async Task<RunInfo> ExpandAsync(RunInfo run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.IsFinished || run.Progress is not { } progress)
        {
            return run;
        }

        var gathered = new Gathered();
        await VisitAsync(run.RunId, progress, 0, gathered, cancellationToken).ConfigureAwait(false);
        var whole = new RunProgress
        {
            Workflow = progress.Workflow,
            Pin = progress.Pin,
            Origin = progress.Origin,
            Fork = progress.Fork,
            Current = progress.Current,
            Completed = progress.Completed,
            Active = gathered.Active,
            Children = progress.Children,
            Waiting = gathered.Waits,
            Usage = progress.Usage,
            Feedback = progress.Feedback,
            Error = progress.Error,
            Timeline = progress.Timeline,
            TimelineOmitted = progress.TimelineOmitted,
        };
        var status = run.Status is RunStatus.Running or RunStatus.Waiting
            ? gathered.Waits.Count > 0 && gathered.Active <= 0 ? RunStatus.Waiting : RunStatus.Running
            : run.Status;
        return run with { Progress = whole, Status = status };
    }

    /// <summary>Every orchestration of the run that is in flight, the run first (for cancelling them all).</summary>
    public async Task<List<string>> InstancesAsync(RunInfo run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var gathered = new Gathered();
        if (run.Progress is { } progress)
        {
            await VisitAsync(run.RunId, progress, 0, gathered, cancellationToken).ConfigureAwait(false);
        }

        return [run.RunId, .. gathered.Children];
    }

    private async Task VisitAsync(string instanceId, RunProgress progress, int depth, Gathered gathered, CancellationToken cancellationToken)
    {
        foreach (var wait in progress.Waiting)
        {
            wait.Instance ??= instanceId;
            gathered.Waits.Add(wait);
        }

        gathered.Active += progress.Active;
        if (backlog is not null && await backlog.HasPendingMessagesAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            gathered.Active++;
        }

        foreach (var child in progress.Children)
        {
            gathered.Children.Add(child);
            cancellationToken.ThrowIfCancellationRequested();
            var state = await client.GetOrchestrationStateAsync(child).ConfigureAwait(false);
            if (state is not { OrchestrationStatus: OrchestrationStatus.Running } || RunStates.Parse<RunProgress>(state.Status) is not { } childProgress || depth >= MaxDepth)
            {
                // Not started yet, or finished but its parent has not taken the result in: work is still to be done.
                gathered.Active++;
                continue;
            }

            await VisitAsync(child, childProgress, depth + 1, gathered, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Gathered
    {
        public List<WaitInfo> Waits { get; } = [];

        public List<string> Children { get; } = [];

        public int Active { get; set; }
    }
}
