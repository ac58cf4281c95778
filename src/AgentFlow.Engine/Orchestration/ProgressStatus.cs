using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// The custom status object of a run: serialized by the worker when a durable turn ends, it renders the tracker's
/// progress at that moment, so publishing after each node costs nothing until then.
/// </summary>
[JsonConverter(typeof(ProgressStatusConverter))]
internal sealed class ProgressStatus(ProgressTracker tracker)
{
    public ProgressTracker Tracker { get; } = tracker;
}
