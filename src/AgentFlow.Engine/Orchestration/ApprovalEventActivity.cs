using AgentFlow.Engine.Runs;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Hands an approval node's events to the configured sink (audit log, notifications); a no-op without one. Like
/// <see cref="Activities.NodeActivity"/>, it is cancelled by the host's worker-stopping token and then abandons its work item
/// (the sink tolerates running twice).
/// </summary>
internal sealed class ApprovalEventActivity(IApprovalEventSink? sink, CancellationToken stopping) : TaskActivity<ApprovalEvent, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ApprovalEvent input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (sink is null)
        {
            return false;
        }

        try
        {
            await sink.HandleAsync(input, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stopping.IsCancellationRequested)
        {
            throw new SessionAbortedException($"approval event '{input.Kind}' at '{input.Node}': the worker stopped before it was handled", ex);
        }

        return true;
    }
}
