using System.Text.Json;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Backends.Sqlite;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli;

/// <summary>
/// Builds, off the critical path, the System.Text.Json metadata a run's first steps need: the orchestration's request
/// and result and the node activity's request (the payload options), and the progress a run publishes after each
/// step (<see cref="RunJson.Options"/>). Reflection over these types is tens of milliseconds the first time; the
/// caches are the serializer's own, so what is written is unchanged. The embedded backend's serializer is prepared
/// first, the same way (the run-start message it stores is its first use).
/// </summary>
internal static class RunPayloads
{
    public static void Prepare()
    {
        SqliteBackend.PrepareSerializer();
        var payloads = SystemTextJsonDataConverter.Options;
        _ = payloads.GetTypeInfo(typeof(RunRequest));
        _ = payloads.GetTypeInfo(typeof(NodeActivityRequest));
        _ = payloads.GetTypeInfo(typeof(RunResult));
        var progress = new RunProgress { Workflow = "warm-up", Pin = "warm-up" };
        progress.Timeline.Add(new NodeRecord { Node = "warm-up", Kind = "set" });
        _ = JsonSerializer.SerializeToNode(progress, RunJson.Options);
    }
}
