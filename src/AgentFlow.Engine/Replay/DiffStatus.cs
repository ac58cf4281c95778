using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Replay;

/// <summary>How one node visit (or the final output) compares between two runs; serialized in camelCase.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiffStatus>))]
public enum DiffStatus
{
    /// <summary>Both runs have it, with the same value.</summary>
    [JsonStringEnumMemberName("same")]
    Same,

    /// <summary>Both runs have it, with different values.</summary>
    [JsonStringEnumMemberName("changed")]
    Changed,

    /// <summary>Only the original run has it (the fork took another path).</summary>
    [JsonStringEnumMemberName("onlyInOriginal")]
    OnlyInOriginal,

    /// <summary>Only the fork has it.</summary>
    [JsonStringEnumMemberName("onlyInFork")]
    OnlyInFork,
}
