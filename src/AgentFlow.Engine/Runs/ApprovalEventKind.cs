using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Runs;

/// <summary>What an <see cref="ApprovalEvent"/> reports; serialized as the lower-case word.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalEventKind>))]
public enum ApprovalEventKind
{
    /// <summary>The node waits: its approvers should be told.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>The timeout passed and the escalation approvers were added (audited, told).</summary>
    [JsonStringEnumMemberName("escalation")]
    Escalation,

    /// <summary>The timeout passed without a decision (audited).</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,
}
