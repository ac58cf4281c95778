namespace AgentFlow.Core.Model.Nodes;

/// <summary>A node of a workflow graph: the fields every kind shares.</summary>
public abstract record WorkflowNode
{
    /// <summary>Node id, unique in the workflow; its output is read in templates as <c>ID.*</c>.</summary>
    public required string Id { get; init; }

    /// <summary>JSON path of the node object.</summary>
    public required string JsonPath { get; init; }

    /// <summary>Free text for readers and the UI.</summary>
    public string? Description { get; init; }

    /// <summary>Outgoing transitions in the order they are tried; empty ends the path.</summary>
    public IReadOnlyList<Transition> Next { get; init; } = [];

    /// <summary>How many times the node may run in one run; required on some node of every cycle.</summary>
    public int? MaxVisits { get; init; }

    /// <summary>Retry policy for activity failures.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>How long the node may take (for <c>approval</c>: how long to wait for a decision).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Node to continue at when this node fails; the error is readable as <c>error.*</c>.</summary>
    public string? OnError { get; init; }

    /// <summary>JSON path of <see cref="OnError"/>.</summary>
    public string? OnErrorPath { get; init; }

    /// <summary>The kind of this node.</summary>
    public abstract NodeKind Kind { get; }
}
