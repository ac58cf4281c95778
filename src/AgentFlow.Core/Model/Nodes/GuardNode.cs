using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>
/// Checks a text (prompt injection, personal data, output rules) and flags, redacts, blocks or holds it for a human:
/// <c>block</c> fails the node with a routable error (<c>blocked by guard ...</c>), <c>approve</c> pauses the run at
/// an approval named after the node, addressed to <see cref="Approvers"/>.
/// </summary>
public sealed record GuardNode : WorkflowNode
{
    /// <summary>Fields of a <c>guard</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("text", FieldType.Template, Required: true), new("checks", FieldType.ObjectArray, Required: true, Section: "guardCheck"),
        new("approvers", FieldType.StringArray), new("classifier", FieldType.Object, Section: "guardClassifier"),
    ];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Guard, Fields, Read, IsActivity: true);

    /// <summary>The output shape of one finding: <c>{ check, rule, action, message, excerpt }</c>.</summary>
    internal static ValueShape FindingShape { get; } = ValueShape.Record(
        ("check", ValueShape.Text), ("rule", ValueShape.Text), ("action", ValueShape.Text), ("message", ValueShape.Text), ("excerpt", ValueShape.Text));

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Guard;

    /// <summary>Liquid template of the text to check.</summary>
    public required string Text { get; init; }

    /// <summary>The checks, in order (redactions apply before later checks see the text).</summary>
    public required IReadOnlyList<GuardCheck> Checks { get; init; }

    /// <summary>Who decides when a finding's action is <c>approve</c>.</summary>
    public IReadOnlyList<Approver> Approvers { get; init; } = [];

    /// <summary>An optional model-based injection check.</summary>
    public GuardClassifier? Classifier { get; init; }

    /// <inheritdoc />
    public override async ValueTask<JsonObject> RenderInputAsync(ITemplateState state, CancellationToken cancellationToken = default) =>
        new() { ["text"] = await TemplateEngine.RenderAsync(Text, state, cancellationToken).ConfigureAwait(false) };

    /// <summary>Output shape: <c>{ text, flagged, blocked, findings: [{ check, rule, action, message, excerpt }], approvedBy }</c>.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.Record(
        ("text", ValueShape.Text), ("flagged", ValueShape.Boolean), ("blocked", ValueShape.Boolean),
        ("findings", ValueShape.Array(FindingShape)), ("approvedBy", ValueShape.Text));

    private static GuardNode Read(NodeReadContext node, ObjectReader r)
    {
        var checks = GuardReader.Checks(r.Element("checks"), r.PathOf("checks"), node.Sink, node.What);
        var approvers = ApprovalNode.ReadApprovers(node.Sink, r.Strings("approvers"), r.PathOf("approvers"), node.What);
        GuardReader.RequireApprovers(checks, approvers, r.Has("approvers"), r.PathOf("approvers"), node.Sink, node.What);
        return new GuardNode
        {
            Id = node.Id, JsonPath = node.Path, Text = r.String("text") ?? string.Empty, Checks = checks, Approvers = approvers,
            Classifier = GuardReader.Classifier(r.Element("classifier"), r.PathOf("classifier"), node.Sink, node.What),
        };
    }
}
