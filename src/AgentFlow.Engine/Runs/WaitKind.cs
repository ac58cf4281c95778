using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Runs;

/// <summary>What a run waits for; serialized as the lower-case word.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WaitKind>))]
public enum WaitKind
{
    /// <summary>Operators' decisions on an approval node (event <c>approval:NODE</c>).</summary>
    [JsonStringEnumMemberName("approval")]
    Approval,

    /// <summary>A durable timer (a <c>wait</c> node).</summary>
    [JsonStringEnumMemberName("timer")]
    Timer,

    /// <summary>An operator's check of a tool effect in doubt (event <c>effect:NODE</c>).</summary>
    [JsonStringEnumMemberName("effect")]
    Effect,
}
