using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>
/// A node of a workflow graph: the fields every kind shares. Each kind's record holds its own field table
/// (<c>Fields</c>), reader and rendered input, and is listed once in the loader's registry of kinds.
/// </summary>
public abstract record WorkflowNode
{
    /// <summary>Fields every node accepts, whatever its kind.</summary>
    public static IReadOnlyList<FieldSpec> CommonFields { get; } =
    [
        new("kind", FieldType.String, Required: true, Allowed: NodeKinds.Names),
        new("description", FieldType.String),
        new("next", FieldType.Next),
        new("maxVisits", FieldType.Integer),
        new("retry", FieldType.Object, Section: "retry"),
        new("timeout", FieldType.Duration),
        new("onError", FieldType.NodeRef),
    ];

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

    /// <summary>
    /// The shape of this node's output, as its executor builds it: what templates may read under <c>ID.</c>
    /// (checked by the validator, AF310). Each kind declares its own next to its fields.
    /// </summary>
    /// <param name="context">Shapes of the rest of the workflow (templates, tools, map bodies, sub-workflows).</param>
    internal abstract ValueShape OutputShape(IShapeContext context);

    /// <summary>Renders the input of this node's activity from the run state; only activity kinds have one.</summary>
    /// <param name="state">Run state the templates read.</param>
    /// <param name="cancellationToken">Cancels rendering.</param>
    /// <exception cref="InvalidOperationException">This kind does not run as an activity.</exception>
    /// <exception cref="TemplateException">A template fails to render.</exception>
    public virtual ValueTask<JsonObject> RenderInputAsync(ITemplateState state, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"node kind {Kind} is not an activity");

    /// <summary>Renders every string inside <paramref name="value"/> as a template; null when there is no value.</summary>
    /// <param name="value">The JSON value, if any.</param>
    /// <param name="state">Run state the templates read.</param>
    /// <param name="cancellationToken">Cancels rendering.</param>
    protected static async ValueTask<JsonNode?> RenderValueAsync(JsonElement? value, ITemplateState state, CancellationToken cancellationToken) =>
        value is { } v ? await TemplateEngine.RenderValueAsync(v, state, cancellationToken).ConfigureAwait(false) : null;
}
