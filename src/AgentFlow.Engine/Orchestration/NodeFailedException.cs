namespace AgentFlow.Engine.Orchestration;

/// <summary>A node failed inside the interpreter; routed to the node's <c>onError</c> or failing the run.</summary>
internal sealed class NodeFailedException : Exception
{
    public NodeFailedException(string node, string kind, string message, bool routable = true)
        : base(message)
    {
        Node = node;
        Kind = kind;
        Routable = routable;
    }

    public NodeFailedException()
        : this(string.Empty, string.Empty, "The node failed.")
    {
    }

    public NodeFailedException(string message)
        : this(string.Empty, string.Empty, message)
    {
    }

    public NodeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Node = string.Empty;
        Kind = string.Empty;
        Routable = true;
    }

    /// <summary>Qualified id of the node that failed.</summary>
    public string Node { get; }

    /// <summary>The failed node's kind.</summary>
    public string Kind { get; }

    /// <summary>The guard findings of a node a guard blocked (for its span), else null.</summary>
    public System.Text.Json.Nodes.JsonArray? Findings { get; init; }

    /// <summary>False for a <c>fail</c> node: its own <c>onError</c> does not catch it (enclosing map/parallel nodes still may).</summary>
    public bool Routable { get; }
}
