namespace AgentFlow.Core.Loading;

/// <summary>What a trigger kind's reader is handed beside its fields: the trigger's name and path, and the sink for kind-specific problems.</summary>
/// <param name="Name">The trigger's name.</param>
/// <param name="Path">JSON path of the trigger object.</param>
/// <param name="Sink">Where kind-specific problems are reported.</param>
internal sealed record TriggerReadContext(string Name, string Path, DiagnosticSink Sink)
{
    /// <summary>How messages name the trigger, e.g. <c>trigger 'weekly'</c>.</summary>
    public string What => $"trigger '{Name}'";
}
