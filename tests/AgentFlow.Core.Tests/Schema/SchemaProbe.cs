using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Tests.Schema;

/// <summary>Builds small documents that exercise one field of one object, for both the schema and the loader.</summary>
internal static class SchemaProbe
{
    /// <summary>A well-typed sample value for a field.</summary>
    public static JsonNode Sample(string owner, FieldSpec field)
    {
        if (field.Allowed is { Count: > 0 } allowed)
        {
            return field.Name is "kind" or "check" && owner.Contains('.', StringComparison.Ordinal) ? owner[(owner.IndexOf('.', StringComparison.Ordinal) + 1)..] : allowed[0];
        }

        return (owner, field.Name) switch
        {
            (_, "approvers") or ("escalate", "to") => new JsonArray("role:editor"),
            ("input", "default") => "text",
            ("input", "enum") => new JsonArray("text", "other"),
            ("node.map", "as") => "row",
            ("trigger.schedule", "cron") => "0 8 * * MON",
            ("trigger.schedule", "timeZone") => "Europe/Berlin",
            ("trigger.imap", "after") => "markSeen",
            ("guardCheck.pii", "patterns") => new JsonObject { ["ticket"] = "TK-\\d{6}" },
            ("guardCheck.pii", "types") => new JsonArray("email"),
            _ => field.Type switch
            {
                FieldType.Integer => 1,
                FieldType.Number => 0.5,
                FieldType.Boolean => true,
                FieldType.Duration => "PT1M",
                FieldType.StringArray => new JsonArray("a"),
                FieldType.TemplateObject or FieldType.TemplateValue => new JsonObject { ["k"] = "{{ inputs.x }}" },
                FieldType.Schema => new JsonObject { ["type"] = "object" },
                FieldType.Object => Minimal(field.Section!),
                FieldType.Map => new JsonObject(),
                FieldType.ObjectArray => new JsonArray(new JsonObject { ["check"] = "injection" }),
                FieldType.Next => "a",
                FieldType.NodeOrSubGraph => new JsonObject { ["kind"] = "end" },
                FieldType.Expression => "inputs.x",
                FieldType.Any => 1,
                _ => "a",
            },
        };
    }

    /// <summary>A value of the wrong JSON type for a field, or null when the field accepts anything.</summary>
    public static JsonNode? WrongSample(FieldSpec field) => field.Type switch
    {
        FieldType.Any => null,
        FieldType.String or FieldType.Template or FieldType.Expression or FieldType.NodeRef or FieldType.Duration or FieldType.Next
            or FieldType.TemplateValue or FieldType.StringArray => 123,
        _ => "wrong",
    };

    /// <summary>The smallest valid object of a section or node/tool kind.</summary>
    public static JsonObject Minimal(string owner) => owner switch
    {
        "node.wait" => new JsonObject { ["kind"] = "wait", ["for"] = "PT1M" },
        "source" => new JsonObject { ["kind"] = "files", ["path"] = "*.md" },
        "trigger.schedule" => new JsonObject { ["kind"] = "schedule", ["cron"] = "0 8 * * MON" },
        _ => Required(owner),
    };

    /// <summary>Embeds an object of <paramref name="owner"/> into a complete workflow document.</summary>
    public static JsonObject Embed(string owner, JsonObject value)
    {
        var root = new JsonObject { ["name"] = "probe", ["start"] = "a", ["nodes"] = new JsonObject { ["a"] = new JsonObject { ["kind"] = "end" } } };
        switch (owner)
        {
            case "workflow":
                return value;
            case var node when node.StartsWith("node.", StringComparison.Ordinal):
                root["nodes"]!["a"] = value;
                break;
            case var tool when tool.StartsWith("tool.", StringComparison.Ordinal):
                root["tools"] = new JsonObject { ["t"] = value };
                break;
            case "input" or "model" or "agent" or "source":
                root[owner + "s"] = new JsonObject { ["x"] = value };
                break;
            case "memory":
                root["agents"] = new JsonObject { ["x"] = new JsonObject { ["model"] = "m", ["memory"] = value } };
                break;
            case "budget" or "guardrails":
                root[owner] = value;
                break;
            case "agentBudget":
                root["agents"] = new JsonObject { ["x"] = new JsonObject { ["model"] = "m", ["budget"] = value } };
                break;
            case var trigger when trigger.StartsWith("trigger.", StringComparison.Ordinal):
                root["triggers"] = new JsonObject { ["t"] = value };
                break;
            case "imapFilter" or "imapAfter":
                var imap = Minimal("trigger.imap");
                imap[owner == "imapFilter" ? "filter" : "after"] = value;
                root["triggers"] = new JsonObject { ["t"] = imap };
                break;
            case var check when check.StartsWith("guardCheck.", StringComparison.Ordinal):
                root["nodes"]!["a"] = new JsonObject { ["kind"] = "guard", ["text"] = "t", ["checks"] = new JsonArray(value), ["approvers"] = new JsonArray("role:x") };
                break;
            case "guardClassifier":
                root["nodes"]!["a"] = new JsonObject { ["kind"] = "guard", ["text"] = "t", ["checks"] = new JsonArray(), ["classifier"] = value };
                break;
            case "agentGuards":
                root["agents"] = new JsonObject { ["x"] = new JsonObject { ["model"] = "m", ["guards"] = value } };
                break;
            case "retry":
                root["nodes"]!["a"]!["retry"] = value;
                break;
            case "escalate":
                root["nodes"]!["a"] = new JsonObject { ["kind"] = "approval", ["approvers"] = new JsonArray("role:x"), ["escalate"] = value };
                break;
            case "transition":
                root["nodes"] = new JsonObject { ["a"] = new JsonObject { ["kind"] = "set", ["values"] = new JsonObject(), ["next"] = new JsonArray(value) } };
                break;
            case "subgraph":
                root["nodes"]!["a"] = new JsonObject { ["kind"] = "map", ["items"] = "inputs.x", ["do"] = value };
                break;
            default:
                throw new ArgumentException($"unknown owner {owner}", nameof(owner));
        }

        return root;
    }

    /// <summary>Every field table, keyed by the schema <c>$defs</c> name whose own properties it lists.</summary>
    public static IEnumerable<(string Owner, IReadOnlyList<FieldSpec> Fields)> Tables()
    {
        foreach (var (name, fields) in WorkflowFields.Sections)
        {
            yield return (name, fields);
        }

        foreach (var (kind, fields) in WorkflowFields.NodeKindFields)
        {
            yield return ("node." + Model.NodeKinds.ToJson(kind), [.. WorkflowFields.NodeCommon, .. fields]);
        }

        foreach (var (kind, fields) in WorkflowFields.ToolKindFields)
        {
            yield return ("tool." + kind, [.. WorkflowFields.ToolCommon, .. fields]);
        }

        foreach (var (kind, fields) in WorkflowFields.TriggerKindFields)
        {
            yield return ("trigger." + kind, [.. WorkflowFields.TriggerCommon, .. fields]);
        }

        foreach (var (kind, fields) in WorkflowFields.GuardCheckKindFields)
        {
            yield return ("guardCheck." + kind, [.. WorkflowFields.GuardCheckCommon, .. fields]);
        }
    }

    private static JsonObject Required(string owner)
    {
        var fields = Tables().Single(t => t.Owner == owner).Fields;
        var result = new JsonObject();
        foreach (var field in fields.Where(f => f.Required))
        {
            result[field.Name] = Sample(owner, field);
        }

        if (owner.StartsWith("tool.", StringComparison.Ordinal) || owner.StartsWith("trigger.", StringComparison.Ordinal))
        {
            result["kind"] = owner[(owner.IndexOf('.', StringComparison.Ordinal) + 1)..];
        }

        if (owner == "guardCheck.length")
        {
            result["max"] = 10;
        }

        return result;
    }
}
