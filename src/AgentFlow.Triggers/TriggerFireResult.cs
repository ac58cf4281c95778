namespace AgentFlow.Triggers;

/// <summary>What firing a trigger did.</summary>
/// <param name="RunId">The run of this occasion (new or the one started before).</param>
/// <param name="Started">True when this call started it; false when it already existed (a repeated occasion).</param>
public sealed record TriggerFireResult(string RunId, bool Started);
