namespace AgentFlow.Core.Graph;

/// <summary>One edge of a drawn workflow graph.</summary>
/// <param name="From">Source node id.</param>
/// <param name="To">Target node id.</param>
/// <param name="Label">Condition, <c>else</c>, <c>on error</c>, <c>branch</c> or <c>join</c>; empty for a plain <c>next</c>.</param>
/// <param name="Dashed">True for edges that are not a normal success path (errors, joins, per-item bodies).</param>
public sealed record GraphEdge(string From, string To, string Label, bool Dashed);
