using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>
/// The embedded host without extended sessions: every step of a run replays its whole history, as after a restart,
/// so a test sees what a replay would emit twice.
/// </summary>
public sealed class ReplayingWorkflowHarness : WorkflowHarness
{
    protected override AgentFlowEngineOptions CreateOptions() =>
        new() { Backend = BackendKind.Sqlite, DataDirectory = Path.Combine(Directory, "data"), SqliteSessionIdleTimeout = TimeSpan.Zero };
}
