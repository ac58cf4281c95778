namespace AgentFlow.Core.Validation.Trust;

/// <summary>The label of a value: its <see cref="UntrustedKind"/> and, when untrusted, where the content came from (for messages).</summary>
internal readonly record struct Taint(UntrustedKind Kind, string Source)
{
    public static Taint None { get; } = new(UntrustedKind.None, string.Empty);

    public bool IsUntrusted => Kind != UntrustedKind.None;

    /// <summary>The stronger of the two labels; on a tie the first keeps its source, so messages name the first found.</summary>
    public Taint Join(Taint other) => other.Kind > Kind ? other : this;
}
