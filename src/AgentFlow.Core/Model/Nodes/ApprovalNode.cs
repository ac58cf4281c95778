using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Wait for authorised operators to approve or reject what <see cref="Show"/> renders.</summary>
public sealed record ApprovalNode : WorkflowNode
{
    /// <summary>Fields of an <c>approval</c> node, beside <see cref="WorkflowNode.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("approvers", FieldType.StringArray, Required: true), new("show", FieldType.TemplateObject),
        new("onTimeout", FieldType.String, Allowed: ["reject", "approve", "fail", "escalate"]),
        new("quorum", FieldType.Integer), new("escalate", FieldType.Object, Section: "escalate"),
        new("learn", FieldType.Any),
    ];

    /// <summary>Fields of its <c>escalate</c> object (the schema's <c>escalate</c> section).</summary>
    public static IReadOnlyList<FieldSpec> EscalateFields { get; } =
        [new("after", FieldType.Duration, Required: true), new("to", FieldType.StringArray, Required: true)];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Approval, Fields, Read);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Approval;

    /// <summary>Who may decide: <c>user:NAME</c> or <c>role:ROLE</c>.</summary>
    public required IReadOnlyList<Approver> Approvers { get; init; }

    /// <summary>Values shown to the operator, rendered once; every string is a Liquid template.</summary>
    public JsonElement? Show { get; init; }

    /// <summary>What happens when <see cref="WorkflowNode.Timeout"/> passes: reject, approve, fail or escalate.</summary>
    public ApprovalTimeoutAction OnTimeout { get; init; } = ApprovalTimeoutAction.Reject;

    /// <summary>How many distinct approvers must approve.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>Escalation, if any.</summary>
    public EscalationPolicy? Escalate { get; init; }

    /// <summary>Whose memory keeps the operators' feedback (<c>learn</c>); null: feedback is only recorded on the run.</summary>
    public ApprovalLearning? Learn { get; init; }

    /// <summary>
    /// Output shape: <c>{ approved, decision, by, comment, values, votes: [{ by, approved, comment, at }], feedback }</c>;
    /// <c>values</c> has the keys of <c>show</c>, typed like them; <c>feedback</c> is
    /// <c>{ by, decision, comment, edits: [{ field, before, after }], node, run }</c> when the deciders commented or
    /// edited shown values, else null.
    /// </summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.Record(
        ("approved", ValueShape.Boolean),
        ("decision", ValueShape.Text),
        ("by", ValueShape.Text),
        ("comment", ValueShape.Text),
        ("values", Show is { } show ? context.OfTemplates(show) : ValueShape.Record()),
        ("votes", ValueShape.Array(ValueShape.Record(("by", ValueShape.Text), ("approved", ValueShape.Boolean), ("comment", ValueShape.Text), ("at", ValueShape.Text)))),
        ("feedback", ValueShape.Record(
            ("by", ValueShape.Text), ("decision", ValueShape.Text), ("comment", ValueShape.Text),
            ("edits", ValueShape.Array(ValueShape.Record(("field", ValueShape.Text), ("before", ValueShape.Untyped), ("after", ValueShape.Untyped)))),
            ("node", ValueShape.Text), ("run", ValueShape.Text))));

    private static ApprovalNode Read(NodeReadContext node, ObjectReader r)
    {
        var (sink, what) = (node.Sink, node.What);
        var listed = r.Strings("approvers");
        if (r.Has("approvers") && listed.Count == 0 && r.Element("approvers") is not null)
        {
            sink.Error(DiagnosticCodes.InvalidValue, r.PathOf("approvers"), $"{what} lists no approvers", "Add at least one \"user:NAME\" or \"role:ROLE\".");
        }

        var approvers = ReadApprovers(sink, listed, r.PathOf("approvers"), what);
        EscalationPolicy? escalate = null;
        if (r.Element("escalate") is { } escalateElement)
        {
            var e = new ObjectReader(escalateElement, r.PathOf("escalate"), EscalateFields, sink, $"escalation of {what}");
            var to = ReadApprovers(sink, e.Strings("to"), e.PathOf("to"), $"escalation of {what}");
            if (e.Element("to") is { ValueKind: JsonValueKind.Array } toElement && toElement.GetArrayLength() == 0)
            {
                sink.Error(DiagnosticCodes.InvalidValue, e.PathOf("to"), $"escalation of {what} lists no approvers", "Add at least one \"user:NAME\" or \"role:ROLE\".");
            }

            if (e.Duration("after") is { } after)
            {
                escalate = new EscalationPolicy(after, to);
            }
        }

        var onTimeout = r.String("onTimeout");
        if (onTimeout == "escalate" && !r.Has("escalate"))
        {
            sink.Error(DiagnosticCodes.MissingProperty, r.PathOf("onTimeout"), $"{what} escalates on timeout but has no 'escalate'", "Add \"escalate\": { \"after\": \"PT4H\", \"to\": [\"role:lead\"] }.");
        }

        if (onTimeout is not null && !r.Has("timeout"))
        {
            sink.Error(DiagnosticCodes.MissingProperty, r.PathOf("onTimeout"), $"{what} says what happens on timeout but has no 'timeout'", "Add \"timeout\", e.g. \"P1D\", or remove \"onTimeout\".");
        }

        return new ApprovalNode
        {
            Id = node.Id, JsonPath = node.Path, Approvers = approvers, Show = r.Element("show"),
            OnTimeout = onTimeout is null ? ApprovalTimeoutAction.Reject : Enum.Parse<ApprovalTimeoutAction>(onTimeout, ignoreCase: true), Quorum = r.Int("quorum", 1) ?? 1, Escalate = escalate,
            Learn = ReadLearn(sink, r.Element("learn"), r.PathOf("learn"), what),
        };
    }

    /// <summary><c>learn</c>: true (the agents behind <c>show</c>), false (none), an agent name, or a list of agent names.</summary>
    private static ApprovalLearning? ReadLearn(DiagnosticSink sink, JsonElement? element, string path, string what)
    {
        const string Hint = "Write \"learn\": true (the agents whose llm output the approval shows), an agent name such as \"learn\": \"editor\", or a list such as \"learn\": [\"editor\"].";
        switch (element)
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.True }:
                return new ApprovalLearning(FromShow: true, []);
            case { ValueKind: JsonValueKind.False }:
                return null;
            case { ValueKind: JsonValueKind.String } single when single.GetString() is { Length: > 0 } name:
                return new ApprovalLearning(FromShow: false, [name]);
            case { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() > 0
                && list.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 }):
                return new ApprovalLearning(FromShow: false, [.. list.EnumerateArray().Select(e => e.GetString()!)], IsList: true);
            default:
                sink.Error(DiagnosticCodes.InvalidValue, path, $"'learn' of {what} is {element.Value.ValueKind.ToString().ToLowerInvariant()}; it must be true, an agent name or a non-empty list of agent names", Hint);
                return null;
        }
    }

    /// <summary>Parses each approver once; one that does not parse is reported and left out (also for a budget's <c>approvers</c>).</summary>
    internal static List<Approver> ReadApprovers(DiagnosticSink sink, IReadOnlyList<string> listed, string path, string what)
    {
        var approvers = new List<Approver>(listed.Count);
        for (var i = 0; i < listed.Count; i++)
        {
            if (Approver.TryParse(listed[i], out var approver))
            {
                approvers.Add(approver);
            }
            else
            {
                sink.Error(DiagnosticCodes.InvalidValue, JsonPaths.Index(path, i), $"approver '{listed[i]}' of {what} is neither 'user:NAME' nor 'role:ROLE'", Approver.Hint);
            }
        }

        return approvers;
    }
}
