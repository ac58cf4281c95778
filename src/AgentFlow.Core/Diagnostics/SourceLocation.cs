namespace AgentFlow.Core.Diagnostics;

/// <summary>A 1-based line and column in a workflow file.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Column">1-based column, counted in characters.</param>
public readonly record struct SourceLocation(int Line, int Column)
{
    /// <summary>The start of a file; used when no better position is known.</summary>
    public static SourceLocation Start { get; } = new(1, 1);

    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
