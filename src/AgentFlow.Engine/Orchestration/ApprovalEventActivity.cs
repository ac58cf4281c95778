using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Hands an approval node's events to the configured sink (audit log, notifications); a no-op without one.</summary>
internal sealed class ApprovalEventActivity(IApprovalEventSink? sink) : TaskActivity<ApprovalEvent, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ApprovalEvent input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (sink is null)
        {
            return false;
        }

        await sink.HandleAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
