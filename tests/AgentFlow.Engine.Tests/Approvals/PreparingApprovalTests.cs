using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>
/// The approvers are told before the run records that it waits; an approval looked up in between (a link opened at
/// once) is "preparing", not closed, and waits once the notice is out.
/// </summary>
public sealed class PreparingApprovalTests(PreparingApprovalTests.GatedHarness harness) : IClassFixture<PreparingApprovalTests.GatedHarness>
{
    private const string Review = """
        { "name": "gated", "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["user:admin"], "show": { "what": "x" } } } }
        """;

    [Fact]
    public async Task Lookup_WhileTheApproversAreBeingTold_IsPreparing_ThenWaits()
    {
        var service = new ApprovalService(harness.Client, harness.Audit);
        var runId = await harness.StartAsync(harness.Write("gated.json", Review));

        await harness.Reached.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await harness.UntilAsync(runId, r => r.Progress?.Current.Contains("review") == true);
        var before = await service.GetAsync(runId, "review");
        harness.Release.TrySetResult();
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var after = await service.GetAsync(runId, "review");
        var elsewhere = await service.GetAsync(runId, "other");

        Assert.Null(before.Wait);
        Assert.True(before.Preparing);
        Assert.NotNull(after.Wait);
        Assert.False(after.Preparing);
        Assert.False(elsewhere.Preparing);
        Assert.Contains("does not wait at 'other'", elsewhere.Closed, StringComparison.Ordinal);
    }

    /// <summary>A harness whose approval notices wait until the test releases them.</summary>
    public sealed class GatedHarness : WorkflowHarness
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override IApprovalEventSink CreateApprovalEventSink(IApprovalEventSink sink) => new Gate(sink, this);

        private sealed class Gate(IApprovalEventSink inner, GatedHarness harness) : IApprovalEventSink
        {
            public async Task HandleAsync(ApprovalEvent approvalEvent, CancellationToken cancellationToken)
            {
                harness.Reached.TrySetResult();
                await harness.Release.Task.WaitAsync(cancellationToken);
                await inner.HandleAsync(approvalEvent, cancellationToken);
            }
        }
    }
}
