using System.Text.Json;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Loading;

/// <summary>
/// What a node kind's reader is handed beside its fields: the node's id and path, the sink for kind-specific
/// problems, and the way back into the node reader for kinds that hold nodes (a <c>map</c> body).
/// </summary>
internal sealed class NodeReadContext(NodeReader reader, DiagnosticSink sink, string id, string path)
{
    /// <summary>Node id.</summary>
    public string Id { get; } = id;

    /// <summary>JSON path of the node object.</summary>
    public string Path { get; } = path;

    /// <summary>How messages name the node, e.g. <c>node 'draft'</c>.</summary>
    public string What => $"node '{Id}'";

    /// <summary>Where kind-specific problems are reported.</summary>
    public DiagnosticSink Sink { get; } = sink;

    /// <summary>Reads one nested node (reported and null when invalid).</summary>
    public WorkflowNode? ReadNode(string nodeId, JsonElement element, string nodePath) => reader.ReadNode(nodeId, element, nodePath);

    /// <summary>Reads a nested <c>nodes</c> object.</summary>
    public Dictionary<string, WorkflowNode> ReadNodes(JsonElement nodes, string nodesPath) => reader.ReadNodes(nodes, nodesPath);
}
