using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Model;

/// <summary>A graph inside a <c>map</c>: its own start and nodes, run once per item.</summary>
/// <param name="Start">First node of the sub-graph.</param>
/// <param name="Nodes">Nodes by id.</param>
/// <param name="JsonPath">JSON path of the <c>do</c> value.</param>
/// <param name="IsInline">True when <c>do</c> was a single inline node (its id is the map id followed by <c>.do</c>).</param>
public sealed record SubGraph(string Start, IReadOnlyDictionary<string, WorkflowNode> Nodes, string JsonPath, bool IsInline);
