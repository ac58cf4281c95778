namespace AgentFlow.Server.Contracts;

/// <summary>A page of runs, newest first.</summary>
/// <param name="Items">The runs.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record RunPage(IReadOnlyList<RunSummary> Items, string? NextCursor);
