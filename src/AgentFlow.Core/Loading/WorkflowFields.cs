using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Core.Loading;

/// <summary>
/// The field tables of the language: the single C# statement of which properties each object accepts (node kinds
/// declare theirs beside their records in <c>Model/Nodes</c>; this class gathers them with the other sections).
/// The loader reads through them and a test checks them against <c>schemas/workflow.v1.json</c>.
/// Section names match the schema's <c>$defs</c> keys.
/// </summary>
public static class WorkflowFields
{
    /// <summary>Fields every node accepts, whatever its kind (declared by <see cref="WorkflowNode.CommonFields"/>).</summary>
    public static IReadOnlyList<FieldSpec> NodeCommon => WorkflowNode.CommonFields;

    /// <summary>
    /// Fields specific to each node kind (in addition to <see cref="NodeCommon"/>), as each kind's record declares
    /// them in its static <c>Fields</c>.
    /// </summary>
    public static IReadOnlyDictionary<NodeKind, IReadOnlyList<FieldSpec>> NodeKindFields { get; } =
        NodeKindRegistry.All.ToDictionary(spec => spec.Kind, spec => spec.Fields);

    /// <summary>Fields of each tool kind, beside <c>kind</c>, <c>risk</c> and <c>description</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FieldSpec>> ToolKindFields { get; } =
        new Dictionary<string, IReadOnlyList<FieldSpec>>(StringComparer.Ordinal)
        {
            ["email"] = [new("from", FieldType.String), new("allowDomains", FieldType.StringArray)],
            ["http"] =
            [
                new("method", FieldType.String, Allowed: ["GET", "POST", "PUT", "PATCH", "DELETE"]),
                new("url", FieldType.Template, Required: true), new("headers", FieldType.TemplateObject),
                new("body", FieldType.Any), new("allowHosts", FieldType.StringArray, Required: true),
                new("timeout", FieldType.Duration), new("maxResponseBytes", FieldType.Integer),
            ],
            ["mcp"] =
            [
                new("command", FieldType.String, Required: true), new("args", FieldType.StringArray),
                new("tool", FieldType.String, Required: true), new("timeout", FieldType.Duration),
            ],
            ["code"] = [new("name", FieldType.String)],
        };

    /// <summary>Fields every tool accepts.</summary>
    public static IReadOnlyList<FieldSpec> ToolCommon { get; } =
    [
        new("kind", FieldType.String, Required: true, Allowed: ["email", "http", "mcp", "code"]),
        new("risk", FieldType.String, Required: true, Allowed: ["low", "medium", "high"]),
        new("description", FieldType.String),
        new("output", FieldType.Schema), new("sensitive", FieldType.StringArray),
    ];

    /// <summary>Fields every trigger accepts (declared by <see cref="TriggerDefinition.CommonFields"/>; the schema's <c>triggerCommon</c>).</summary>
    public static IReadOnlyList<FieldSpec> TriggerCommon => TriggerDefinition.CommonFields;

    /// <summary>
    /// Fields of each trigger kind, beside <see cref="TriggerCommon"/>, by the kind's JSON spelling (the schema's
    /// <c>trigger.KIND</c>), as each kind's record declares them in its static <c>Fields</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FieldSpec>> TriggerKindFields { get; } =
        new Dictionary<string, IReadOnlyList<FieldSpec>>(StringComparer.Ordinal)
        {
            [TriggerKinds.ToJson(TriggerKind.Schedule)] = ScheduleTrigger.Fields,
            [TriggerKinds.ToJson(TriggerKind.Imap)] = ImapTrigger.Fields,
            [TriggerKinds.ToJson(TriggerKind.Webhook)] = WebhookTrigger.Fields,
        };

    /// <summary>Fields every guard check has (the schema's <c>guardCheckCommon</c>).</summary>
    public static IReadOnlyList<FieldSpec> GuardCheckCommon => GuardReader.CommonFields;

    /// <summary>Fields of each guard check kind beside <see cref="GuardCheckCommon"/>, by its JSON spelling (the schema's <c>guardCheck.KIND</c>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FieldSpec>> GuardCheckKindFields => GuardReader.KindFields;

    /// <summary>Every other section, by the name used in <see cref="FieldSpec.Section"/> and the schema's <c>$defs</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FieldSpec>> Sections { get; } =
        new Dictionary<string, IReadOnlyList<FieldSpec>>(StringComparer.Ordinal)
        {
            ["workflow"] =
            [
                new("$schema", FieldType.String), new("name", FieldType.String, Required: true),
                new("version", FieldType.String), new("description", FieldType.String),
                new("inputs", FieldType.Map, Section: "input"), new("models", FieldType.Map, Section: "model"),
                new("agents", FieldType.Map, Section: "agent"), new("sources", FieldType.Map, Section: "source"),
                new("tools", FieldType.Map, Section: "tool"), new("triggers", FieldType.Map, Section: "trigger"),
                new("budget", FieldType.Object, Section: "budget"), new("guardrails", FieldType.Object, Section: "guardrails"),
                new("start", FieldType.NodeRef, Required: true),
                new("nodes", FieldType.Map, Required: true, Section: "node"), new("output", FieldType.TemplateValue),
            ],
            ["input"] =
            [
                new("type", FieldType.String, Required: true, Allowed: ["string", "number", "integer", "boolean", "array", "object"]),
                new("description", FieldType.String), new("default", FieldType.Any), new("required", FieldType.Boolean),
                new("items", FieldType.Schema), new("enum", FieldType.Any), new("untrusted", FieldType.Boolean),
            ],
            ["model"] =
            [
                new("provider", FieldType.String, Required: true, Allowed: ["local", "openai", "azure-openai"]),
                new("model", FieldType.String), new("baseUrl", FieldType.String), new("apiKeyEnv", FieldType.String),
                new("maxTokensField", FieldType.String, Allowed: ["max_tokens", "max_completion_tokens"]),
            ],
            ["agent"] =
            [
                new("model", FieldType.String, Required: true), new("instructions", FieldType.String),
                new("memory", FieldType.Object, Section: "memory"), new("budget", FieldType.Object, Section: "agentBudget"),
                new("guards", FieldType.Object, Section: "agentGuards"),
            ],
            ["memory"] = [new("recall", FieldType.Integer)],
            ["budget"] = BudgetReader.WorkflowFields,
            ["agentBudget"] = BudgetReader.AgentFields,
            ["guardrails"] =
            [
                new("enabled", FieldType.Boolean),
                new("spotlight", FieldType.String, Allowed: ["delimit", "datamark", "off"]),
            ],
            ["agentGuards"] = GuardReader.AgentFields,
            ["guardClassifier"] = GuardReader.ClassifierFields,
            ["source"] =
            [
                new("kind", FieldType.String, Required: true, Allowed: ["files", "rss", "http"]),
                new("path", FieldType.String), new("url", FieldType.String),
            ],
            ["retry"] = [new("max", FieldType.Integer, Required: true), new("backoff", FieldType.Duration)],
            ["escalate"] = ApprovalNode.EscalateFields,
            ["transition"] = [new("when", FieldType.Template), new("to", FieldType.NodeRef, Required: true)],
            ["imapFilter"] = ImapTrigger.FilterFields,
            ["imapAfter"] = ImapTrigger.AfterFields,
            ["subgraph"] = [new("start", FieldType.NodeRef, Required: true), new("nodes", FieldType.Map, Required: true, Section: "node")],
        };
}
