using AgentFlow.Engine.Tests.Support;
using AgentFlow.Engine.TestWorker;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Tests.Conformance;

/// <summary>What every durable backend must do; run once per backend by a derived class.</summary>
public abstract class BackendConformanceTests<TFixture>(TFixture fixture)
    where TFixture : BackendFixture
{
    protected TFixture Fixture { get; } = fixture;

    private TaskHubClient Client => Fixture.Host.Client;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<OrchestrationState> RunAsync(string name, object input, string? id = null)
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(name, string.Empty, id ?? NewId(name), input);
        return await Wait.ForCompletionAsync(Fixture.Host, instance);
    }

    [Fact]
    public async Task Sequence_ThreeActivities_RunInOrder()
    {
        var state = await RunAsync(nameof(TestOrchestrations.Sequence), "x");

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("x123", Wait.Output<string>(state));
    }

    [Fact]
    public async Task FanOut_HundredActivities_AllResultsArrive()
    {
        var state = await RunAsync(nameof(TestOrchestrations.FanOut), 100);

        Assert.Equal(338_350L, Wait.Output<long>(state));
    }

    [Fact]
    public async Task Timer_Fires_AfterItsDueTime()
    {
        var started = DateTime.UtcNow;

        var state = await RunAsync(nameof(TestOrchestrations.Timer), 700);

        Assert.Equal("fired", Wait.Output<string>(state));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(650));
    }

    [Fact]
    public async Task ExternalEvent_RaisedBeforeTheOrchestrationWaits_IsBufferedAndDelivered()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.TimerThenAwaitEvent), string.Empty, NewId("early"), 1500);
        await Wait.ForCustomStatusAsync(Fixture.Host, instance, "timer");

        await Client.RaiseEventAsync(instance, "approval", "yes");
        var state = await Wait.ForCompletionAsync(Fixture.Host, instance);

        Assert.Equal("after-timer:yes", Wait.Output<string>(state));
    }

    [Fact]
    public async Task ExternalEvent_RaisedWhileTheOrchestrationWaits_IsDelivered()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.AwaitEvent), string.Empty, NewId("late"), "run");
        await Wait.ForCustomStatusAsync(Fixture.Host, instance, "waiting");

        await Client.RaiseEventAsync(instance, "approval", "approved");
        var state = await Wait.ForCompletionAsync(Fixture.Host, instance);

        Assert.Equal("run:approved", Wait.Output<string>(state));
    }

    [Fact]
    public async Task EventOrTimeout_NoEvent_TimerWins()
    {
        var state = await RunAsync(nameof(TestOrchestrations.EventOrTimeout), 300);

        Assert.Equal("timeout", Wait.Output<string>(state));
    }

    [Fact]
    public async Task EventOrTimeout_EventBeforeTimeout_EventWins()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.EventOrTimeout), string.Empty, NewId("race"), 60_000);

        // Raised once the instance runs: the Azure Storage provider may drop an event that reaches an instance still
        // Pending (it is handled before the start message). The embedded backend's queued-event case is tested apart.
        await Wait.ForStatusAsync(Fixture.Host, instance, OrchestrationStatus.Running);
        await Client.RaiseEventAsync(instance, "approval", "ok");

        var state = await Wait.ForCompletionAsync(Fixture.Host, instance);

        Assert.Equal("event:ok", Wait.Output<string>(state));
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

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal(3, Wait.Output<int>(state));
    }

    [Fact]
    public async Task Terminate_WaitingOrchestration_EndsTerminated()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.AwaitEvent), string.Empty, NewId("term"), "run");
        await Wait.ForCustomStatusAsync(Fixture.Host, instance, "waiting");

        await Client.TerminateInstanceAsync(instance, "operator cancelled");
        var state = await Wait.ForCompletionAsync(Fixture.Host, instance);

        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
    }

    [Fact]
    public async Task ActivityFailure_WithRetryPolicy_SucceedsOnThirdAttempt()
    {
        var key = NewId("flaky");

        var state = await RunAsync(nameof(TestOrchestrations.WithRetry), key);

        Assert.Equal($"{key} after 3 calls", Wait.Output<string>(state));
    }

    [Fact]
    public async Task Purge_FinishedInstance_RemovesItsState()
    {
        var state = await RunAsync(nameof(TestOrchestrations.Sequence), "p");
        var purge = (IOrchestrationServicePurgeClient)Fixture.Host.Backend.Client;

        var result = await purge.PurgeInstanceStateAsync(state.OrchestrationInstance.InstanceId);

        Assert.Equal(1, result.DeletedInstanceCount);
        Assert.Null(await Client.GetOrchestrationStateAsync(state.OrchestrationInstance.InstanceId));
    }

    [Fact]
    public async Task Query_ByStatusAndCreationTime_FindsExactlyTheMatchingInstances()
    {
        var from = DateTime.UtcNow.AddSeconds(-1);
        var prefix = NewId("query");
        var done = await RunAsync(nameof(TestOrchestrations.Sequence), "q", prefix + "-done");
        var waiting = await Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.AwaitEvent), string.Empty, prefix + "-waiting", "q");
        await Wait.ForCustomStatusAsync(Fixture.Host, waiting, "waiting");
        var query = (IOrchestrationServiceQueryClient)Fixture.Host.Backend.Client;

        var running = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Running], CreatedTimeFrom = from, InstanceIdPrefix = prefix, PageSize = 50 }, CancellationToken.None);
        var completed = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Completed], CreatedTimeFrom = from, InstanceIdPrefix = prefix, PageSize = 50 }, CancellationToken.None);
        var future = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { CreatedTimeFrom = DateTime.UtcNow.AddHours(1), InstanceIdPrefix = prefix, PageSize = 50 }, CancellationToken.None);

        Assert.Equal([waiting.InstanceId], running.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
        Assert.Equal([done.OrchestrationInstance.InstanceId], completed.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
        Assert.Empty(future.OrchestrationState);
        await Client.TerminateInstanceAsync(waiting, "cleanup");
    }

    [Fact]
    public async Task Crash_WorkerKilledWhileWaitingForEvent_NewProcessResumesWithoutRepeatingCompletedSteps()
    {
        var tag = "crash" + Guid.NewGuid().ToString("N")[..6];
        var (location, hub) = Fixture.Isolated(tag);
        var sideEffects = Path.Combine(Fixture.Directory, tag + "-side-effects.txt");
        await using var client = await Fixture.CreateIsolatedClientAsync(tag);
        var first = await WorkerProcess.StartAsync(Fixture.Backend, location, hub, sideEffects);
        var instance = await client.Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.CrashProbe), string.Empty, NewId("crash"), "run");
        await Wait.ForCustomStatusAsync(client, instance, "waiting");

        await first.KillAsync();
        await using var second = await WorkerProcess.StartAsync(Fixture.Backend, location, hub, sideEffects);
        await client.Client.RaiseEventAsync(instance, "go", "resumed");
        var state = await Wait.ForCompletionAsync(client, instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("resumed", Wait.Output<string>(state));
        Assert.Equal(["run/step1", "run/step2"], await File.ReadAllLinesAsync(sideEffects));
    }
}
