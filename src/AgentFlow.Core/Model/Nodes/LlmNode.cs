using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Templates;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Validation.Trust;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>One chat completion by an agent.</summary>
public sealed record LlmNode : WorkflowNode
{
    /// <summary>Fields of an <c>llm</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("agent", FieldType.String, Required: true), new("prompt", FieldType.Template, Required: true),
        new("output", FieldType.Schema), new("tools", FieldType.StringArray),
        new("temperature", FieldType.Number), new("maxTokens", FieldType.Integer),
    ];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Llm, Fields, Read, IsActivity: true);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Llm;

    /// <summary>Name of a declared agent.</summary>
    public required string Agent { get; init; }

    /// <summary>Liquid template of the user message.</summary>
    public required string Prompt { get; init; }

    /// <summary>JSON Schema the answer must match (structured output), if any.</summary>
    public JsonElement? Output { get; init; }

    /// <summary>Names of declared tools offered to the model.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Sampling temperature, 0..2.</summary>
    public double? Temperature { get; init; }

    /// <summary>Upper bound on generated tokens.</summary>
    public int? MaxTokens { get; init; }

    /// <inheritdoc />
    public override async ValueTask<JsonObject> RenderInputAsync(ITemplateState state, CancellationToken cancellationToken = default) =>
        new() { ["prompt"] = await TemplateEngine.RenderAsync(Prompt, state, cancellationToken).ConfigureAwait(false) };

    /// <summary>
    /// Renders the prompt as the engine sends it: with the workflow's <c>guardrails.spotlight</c> on, every output of
    /// the prompt that carries untrusted data (per <see cref="TrustReport"/>) is marked with markers derived from
    /// <paramref name="seed"/> (the run, node and visit), and the input gets <c>spotlight</c> (the markers, for the
    /// system note) when anything was marked.
    /// </summary>
    public async ValueTask<JsonObject> RenderInputAsync(ITemplateState state, WorkflowDefinition workflow, string seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (SpotlightMarkers.For(workflow.Guardrails.Spotlight, seed) is not { } markers || !TemplateSyntax.HasMarkup(Prompt)
            || TrustReport.For(workflow).SpotlightPrompt(this) is not { Template: { } template, Marks: true })
        {
            return await RenderInputAsync(state, cancellationToken).ConfigureAwait(false);
        }

        var (text, marked) = await TemplateEngine.RenderMarkedAsync(template, Prompt, state, markers, cancellationToken).ConfigureAwait(false);
        var input = new JsonObject { ["prompt"] = text };
        if (marked)
        {
            input["spotlight"] = markers.ToJson();
        }

        return input;
    }

    /// <summary>Output shape: the output of an <c>llm</c> node: see <see cref="LlmOutput"/>.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => LlmOutput.Shape(this, context.HasGuards(Agent));

    private static LlmNode Read(NodeReadContext node, ObjectReader r) => new()
    {
        Id = node.Id, JsonPath = node.Path, Agent = r.String("agent") ?? string.Empty, Prompt = r.String("prompt") ?? string.Empty,
        Output = r.Element("output"), Tools = r.Strings("tools"), Temperature = r.Number("temperature", 0, 2),
        MaxTokens = r.Int("maxTokens", 1),
    };
}
