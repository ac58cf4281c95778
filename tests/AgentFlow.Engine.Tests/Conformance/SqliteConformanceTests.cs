using AgentFlow.Engine.Tests.Support;
using AgentFlow.Engine.TestWorker;

namespace AgentFlow.Engine.Tests.Conformance;

/// <summary>The conformance suite on the embedded SQLite backend, plus what only this backend promises.</summary>
public sealed class SqliteConformanceTests(SqliteFixture fixture) : BackendConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>
{
    /// <summary>
    /// SQLite only: the embedded backend keeps an event that arrives before the start message is processed and
    /// delivers it after. The Azure Storage provider does not promise this (an event can reach a still-Pending
    /// instance first and be discarded), so the shared suite raises events only once an instance runs.
    /// </summary>
    [Fact]
    public async Task ExternalEvent_RaisedWhileStillPending_IsDelivered()
    {
        var instance = await Fixture.Host.Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.EventOrTimeout), string.Empty, $"pending-{Guid.NewGuid():N}", 60_000);
        await Fixture.Host.Client.RaiseEventAsync(instance, "approval", "early");

        var state = await Wait.ForCompletionAsync(Fixture.Host, instance);

        Assert.Equal("event:early", Wait.Output<string>(state));
    }
}
