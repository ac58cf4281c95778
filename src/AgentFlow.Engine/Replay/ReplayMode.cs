using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Replay;

/// <summary>How a replay fork produced a node visit's output, instead of running it; serialized as the lower-case word.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReplayMode>))]
public enum ReplayMode
{
    /// <summary>The recorded output (or failure, or decision) of the same visit in the source run.</summary>
    [JsonStringEnumMemberName("reused")]
    Reused,

    /// <summary>Not run: an effect the source run did not have (<c>{ "skipped": true, "wouldCall": ... }</c>), or a timer.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
