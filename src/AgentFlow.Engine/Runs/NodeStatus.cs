using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Runs;

/// <summary>Where one node execution is; serialized as the lower-case word.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeStatus>))]
public enum NodeStatus
{
    /// <summary>Started and not finished.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Waiting for an approval, a timer or an operator.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>Finished with an output (or none).</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Finished with an error.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
