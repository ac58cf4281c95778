namespace AgentFlow.Core.Validation.Trust;

/// <summary>
/// The label of a node's output: one for the whole output, and for nodes whose output is an object of the author's
/// own templates (<c>set</c>) one per top-level field, so that reading a trusted field of a mixed output stays trusted.
/// </summary>
internal sealed record NodeTaint(Taint Whole, IReadOnlyDictionary<string, Taint>? Fields = null)
{
    public static NodeTaint Trusted { get; } = new(Taint.None);

    /// <summary>The label of the whole output, every field included.</summary>
    public Taint All => Fields is null ? Whole : Fields.Values.Aggregate(Whole, (a, b) => a.Join(b));

    /// <summary>The label of what a read of <paramref name="field"/> (null: the whole output) gets.</summary>
    public Taint Of(string? field) =>
        field is null ? All : Fields is not null && Fields.TryGetValue(field, out var taint) ? Whole.Join(taint) : Whole;

    /// <summary>Same kinds everywhere (sources aside): the fixpoint has settled.</summary>
    public bool SameKinds(NodeTaint other) =>
        Whole.Kind == other.Whole.Kind
        && (Fields?.Count ?? 0) == (other.Fields?.Count ?? 0)
        && (Fields is null || Fields.All(f => other.Fields!.TryGetValue(f.Key, out var o) && o.Kind == f.Value.Kind));
}
