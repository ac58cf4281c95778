using AgentFlow.Engine.Tests.Support;
using AgentFlow.Engine.TestWorker;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Tests.InMemory;

/// <summary>
/// The in-memory task hub runs what the engine needs of a backend: activities in order and fanned out, events,
/// timers, sub-orchestrations, continue-as-new, terminate, queries and purges.
/// </summary>
public sealed class InMemoryHubTests(InMemoryHubFixture fixture) : IClassFixture<InMemoryHubFixture>
{
    private TaskHubClient Client => fixture.Host.Client;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<OrchestrationState> RunAsync(string name, object input, string? id = null)
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(name, string.Empty, id ?? NewId(name), input);
        return await Wait.ForCompletionAsync(fixture.Host, instance);
    }

    [Fact]
    public void Backend_IsNamedInMemory() => Assert.Equal("inmemory", fixture.Host.Backend.Name);

    [Fact]
    public async Task Sequence_ThreeActivities_RunInOrder()
    {
        var state = await RunAsync(nameof(TestOrchestrations.Sequence), "x");

        Assert.Equal("x123", Wait.Output<string>(state));
    }

    [Fact]
    public async Task FanOut_HundredActivities_AllResultsArrive()
    {
        var state = await RunAsync(nameof(TestOrchestrations.FanOut), 100);

        Assert.Equal(338_350L, Wait.Output<long>(state));
    }

    [Fact]
    public async Task ExternalEvent_RaisedWhileTheOrchestrationWaits_IsDelivered()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.AwaitEvent), string.Empty, NewId("late"), "run");
        await Wait.ForCustomStatusAsync(fixture.Host, instance, "waiting");

        await Client.RaiseEventAsync(instance, "approval", "approved");
        var state = await Wait.ForCompletionAsync(fixture.Host, instance);

        Assert.Equal("run:approved", Wait.Output<string>(state));
    }

    [Fact]
    public async Task ExternalEvent_RaisedWhileStillPending_IsDelivered()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.EventOrTimeout), string.Empty, NewId("pending"), 60_000);
        await Client.RaiseEventAsync(instance, "approval", "early");

        var state = await Wait.ForCompletionAsync(fixture.Host, instance);

        Assert.Equal("event:early", Wait.Output<string>(state));
    }

    [Fact]
    public async Task Timer_NoEvent_FiresAndWins()
    {
        var state = await RunAsync(nameof(TestOrchestrations.EventOrTimeout), 200);

        Assert.Equal("timeout", Wait.Output<string>(state));
        var history = await Client.GetOrchestrationHistoryAsync(state.OrchestrationInstance);
        Assert.Contains("TimerFired", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubOrchestration_ResultFlowsToParent()
    {
        var state = await RunAsync(nameof(TestOrchestrations.Parent), 5);

        Assert.Equal(56L, Wait.Output<long>(state));
    }

    [Fact]
    public async Task ContinueAsNew_RestartsWithNewInput_UntilDone()
    {
        var state = await RunAsync(nameof(TestOrchestrations.Counter), 0);

        Assert.Equal((OrchestrationStatus.Completed, 3), (state.OrchestrationStatus, Wait.Output<int>(state)));
    }

    [Fact]
    public async Task Terminate_WaitingOrchestration_EndsTerminated()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.AwaitEvent), string.Empty, NewId("term"), "t");
        await Wait.ForCustomStatusAsync(fixture.Host, instance, "waiting");

        await Client.TerminateInstanceAsync(instance, "enough");
        var state = await Wait.ForCompletionAsync(fixture.Host, instance);

        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
    }

    [Fact]
    public async Task QueryAndPurge_FindFinishedInstancesByPrefix_AndRemoveThem()
    {
        var prefix = NewId("qp");
        var done = await RunAsync(nameof(TestOrchestrations.Sequence), "q", prefix + "-done");
        var queries = (IOrchestrationServiceQueryClient)fixture.Host.Backend.Client;

        var found = await queries.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery { InstanceIdPrefix = prefix, RuntimeStatus = [OrchestrationStatus.Completed] }, CancellationToken.None);
        var purged = await ((IOrchestrationServicePurgeClient)fixture.Host.Backend.Client).PurgeInstanceStateAsync(done.OrchestrationInstance.InstanceId);

        Assert.Equal([done.OrchestrationInstance.InstanceId], found.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
        Assert.Equal(1, purged.DeletedInstanceCount);
        Assert.Null(await Client.GetOrchestrationStateAsync(done.OrchestrationInstance.InstanceId));
    }
}
