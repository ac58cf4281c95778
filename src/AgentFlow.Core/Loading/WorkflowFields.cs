using AgentFlow.Core.Model;

namespace AgentFlow.Core.Loading;

/// <summary>
/// The field tables of the language: the single C# statement of which properties each object accepts.
/// The loader reads through them and a test checks them against <c>schemas/workflow.v1.json</c>.
/// Section names match the schema's <c>$defs</c> keys.
/// </summary>
public static class WorkflowFields
{
    /// <summary>Fields every node accepts, whatever its kind.</summary>
    public static IReadOnlyList<FieldSpec> NodeCommon { get; } =
    [
        new("kind", FieldType.String, Required: true, Allowed: NodeKinds.Names),
        new("description", FieldType.String),
        new("next", FieldType.Next),
        new("maxVisits", FieldType.Integer),
        new("retry", FieldType.Object, Section: "retry"),
        new("timeout", FieldType.Duration),
        new("onError", FieldType.NodeRef),
    ];

    /// <summary>Fields specific to each node kind (in addition to <see cref="NodeCommon"/>).</summary>
    public static IReadOnlyDictionary<NodeKind, IReadOnlyList<FieldSpec>> NodeKindFields { get; } =
        new Dictionary<NodeKind, IReadOnlyList<FieldSpec>>
        {
            [NodeKind.Llm] =
            [
                new("agent", FieldType.String, Required: true), new("prompt", FieldType.Template, Required: true),
                new("output", FieldType.Schema), new("tools", FieldType.StringArray),
                new("temperature", FieldType.Number), new("maxTokens", FieldType.Integer),
            ],
            [NodeKind.Retrieve] =
            [
                new("source", FieldType.String, Required: true), new("query", FieldType.Template, Required: true),
                new("top", FieldType.Integer),
            ],
            [NodeKind.Tool] = [new("tool", FieldType.String, Required: true), new("args", FieldType.TemplateObject)],
            [NodeKind.Approval] =
            [
                new("approvers", FieldType.StringArray, Required: true), new("show", FieldType.TemplateObject),
                new("onTimeout", FieldType.String, Allowed: ["reject", "approve", "fail", "escalate"]),
                new("quorum", FieldType.Integer), new("escalate", FieldType.Object, Section: "escalate"),
            ],
            [NodeKind.Recall] =
            [
                new("agent", FieldType.String, Required: true), new("query", FieldType.Template, Required: true),
                new("k", FieldType.Integer), new("minScore", FieldType.Number), new("recencyWeight", FieldType.Number),
            ],
            [NodeKind.Remember] =
            [
                new("agent", FieldType.String, Required: true), new("text", FieldType.Template, Required: true),
                new("metadata", FieldType.TemplateObject), new("ttl", FieldType.Duration),
            ],
            [NodeKind.Set] = [new("values", FieldType.TemplateObject, Required: true)],
            [NodeKind.Switch] = [],
            [NodeKind.Parallel] =
            [
                new("branches", FieldType.StringArray, Required: true), new("join", FieldType.NodeRef, Required: true),
            ],
            [NodeKind.Map] =
            [
                new("items", FieldType.Expression, Required: true), new("as", FieldType.String),
                new("concurrency", FieldType.Integer), new("do", FieldType.NodeOrSubGraph, Required: true),
            ],
            [NodeKind.Workflow] = [new("path", FieldType.String, Required: true), new("inputs", FieldType.TemplateObject)],
            [NodeKind.Wait] = [new("for", FieldType.Duration), new("until", FieldType.Template)],
            [NodeKind.End] = [],
            [NodeKind.Fail] = [new("message", FieldType.Template)],
        };

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
    ];

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
                new("tools", FieldType.Map, Section: "tool"), new("start", FieldType.NodeRef, Required: true),
                new("nodes", FieldType.Map, Required: true, Section: "node"), new("output", FieldType.TemplateValue),
            ],
            ["input"] =
            [
                new("type", FieldType.String, Required: true, Allowed: ["string", "number", "integer", "boolean", "array", "object"]),
                new("description", FieldType.String), new("default", FieldType.Any), new("required", FieldType.Boolean),
                new("items", FieldType.Schema), new("enum", FieldType.Any),
            ],
            ["model"] =
            [
                new("provider", FieldType.String, Required: true, Allowed: ["local", "openai", "azure-openai"]),
                new("model", FieldType.String), new("baseUrl", FieldType.String), new("apiKeyEnv", FieldType.String),
            ],
            ["agent"] =
            [
                new("model", FieldType.String, Required: true), new("instructions", FieldType.String),
                new("memory", FieldType.Object, Section: "memory"),
            ],
            ["memory"] = [new("recall", FieldType.Integer)],
            ["source"] =
            [
                new("kind", FieldType.String, Required: true, Allowed: ["files", "rss", "http"]),
                new("path", FieldType.String), new("url", FieldType.String),
            ],
            ["retry"] = [new("max", FieldType.Integer, Required: true), new("backoff", FieldType.Duration)],
            ["escalate"] = [new("after", FieldType.Duration, Required: true), new("to", FieldType.StringArray, Required: true)],
            ["transition"] = [new("when", FieldType.Template), new("to", FieldType.NodeRef, Required: true)],
            ["subgraph"] = [new("start", FieldType.NodeRef, Required: true), new("nodes", FieldType.Map, Required: true, Section: "node")],
        };
}
