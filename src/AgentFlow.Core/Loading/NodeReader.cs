using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Loading;

/// <summary>Builds typed nodes from JSON, reporting structural problems through the sink.</summary>
internal sealed class NodeReader(DiagnosticSink sink)
{
    /// <summary>Reads a <c>nodes</c> object; invalid entries are reported and left out.</summary>
    public Dictionary<string, WorkflowNode> ReadNodes(JsonElement nodes, string path)
    {
        var result = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        foreach (var property in nodes.EnumerateObject())
        {
            var nodePath = JsonPaths.Property(path, property.Name);
            if (!Identifiers.IsValid(property.Name))
            {
                sink.Error(DiagnosticCodes.InvalidIdentifier, nodePath, $"node id '{property.Name}' is not a valid identifier", Identifiers.Explain(property.Name));
            }

            var node = ReadNode(property.Name, property.Value, nodePath);
            if (node is not null)
            {
                // Like JSON readers in general, the last of duplicate keys wins (AF105 reports the duplicate).
                result[property.Name] = node;
            }
        }

        return result;
    }

    public WorkflowNode? ReadNode(string id, JsonElement element, string path)
    {
        var what = $"node '{id}'";
        if (element.ValueKind != JsonValueKind.Object)
        {
            sink.Error(DiagnosticCodes.WrongType, path, $"{what} must be an object, not {ObjectReader.Describe(element)}", "Write the node as { \"kind\": ..., ... }.");
            return null;
        }

        if (!element.TryGetProperty("kind", out var kindElement))
        {
            sink.Error(DiagnosticCodes.MissingProperty, path, $"{what} is missing required property 'kind'", $"Add \"kind\": one of {string.Join(", ", NodeKinds.Names)}.");
            return null;
        }

        var kindPath = JsonPaths.Property(path, "kind");
        if (kindElement.ValueKind != JsonValueKind.String || !NodeKinds.TryParse(kindElement.GetString()!, out var kind))
        {
            var text = kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString()! : kindElement.GetRawText();
            sink.Error(DiagnosticCodes.UnknownNodeKind, kindPath, $"{what} has unknown kind '{text}'", Suggestions.Hint(text, NodeKinds.Names, "kinds"));
            return null;
        }

        var r = new ObjectReader(element, path, ObjectReader.Concat(WorkflowFields.NodeCommon, WorkflowFields.NodeKindFields[kind]), sink, what);
        WorkflowNode node = kind switch
        {
            NodeKind.Llm => new LlmNode
            {
                Id = id, JsonPath = path, Agent = r.String("agent") ?? string.Empty, Prompt = r.String("prompt") ?? string.Empty,
                Output = r.Element("output"), Tools = r.Strings("tools"), Temperature = r.Number("temperature", 0, 2),
                MaxTokens = r.Int("maxTokens", 1),
            },
            NodeKind.Retrieve => new RetrieveNode
            {
                Id = id, JsonPath = path, Source = r.String("source") ?? string.Empty, Query = r.String("query") ?? string.Empty,
                Top = r.Int("top", 1) ?? 5,
            },
            NodeKind.Tool => new ToolNode { Id = id, JsonPath = path, Tool = r.String("tool") ?? string.Empty, Args = r.Element("args") },
            NodeKind.Approval => ReadApproval(id, path, r, what),
            NodeKind.Recall => new RecallNode
            {
                Id = id, JsonPath = path, Agent = r.String("agent") ?? string.Empty, Query = r.String("query") ?? string.Empty,
                K = r.Int("k", 1) ?? 5, MinScore = r.Number("minScore", 0, 1) ?? 0, RecencyWeight = r.Number("recencyWeight", 0, 1) ?? 0,
            },
            NodeKind.Remember => new RememberNode
            {
                Id = id, JsonPath = path, Agent = r.String("agent") ?? string.Empty, Text = r.String("text") ?? string.Empty,
                Metadata = r.Element("metadata"), Ttl = r.Duration("ttl"),
            },
            NodeKind.Set => new SetNode { Id = id, JsonPath = path, Values = r.Element("values") ?? default },
            NodeKind.Switch => new SwitchNode { Id = id, JsonPath = path },
            NodeKind.Parallel => new ParallelNode
            {
                Id = id, JsonPath = path, Branches = r.Strings("branches"),
                BranchPaths = [.. r.Strings("branches").Select((_, i) => JsonPaths.Index(r.PathOf("branches"), i))],
                Join = r.String("join") ?? string.Empty,
            },
            NodeKind.Map => ReadMap(id, path, r),
            NodeKind.Workflow => new WorkflowCallNode { Id = id, JsonPath = path, Path = r.String("path") ?? string.Empty, Inputs = r.Element("inputs") },
            NodeKind.Wait => ReadWait(id, path, r, what),
            NodeKind.End => new EndNode { Id = id, JsonPath = path },
            NodeKind.Fail => new FailNode { Id = id, JsonPath = path, Message = r.String("message") ?? "The workflow failed." },
            _ => throw new InvalidOperationException($"Node kind {kind} has no reader."),
        };

        return node with
        {
            Description = r.String("description"),
            Next = ReadNext(r, what),
            MaxVisits = r.Int("maxVisits", 1),
            Retry = ReadRetry(r, what),
            Timeout = r.Duration("timeout"),
            OnError = r.String("onError"),
            OnErrorPath = r.PathOf("onError"),
        };
    }

    private ApprovalNode ReadApproval(string id, string path, ObjectReader r, string what)
    {
        var listed = r.Strings("approvers");
        if (r.Has("approvers") && listed.Count == 0 && r.Element("approvers") is not null)
        {
            sink.Error(DiagnosticCodes.InvalidValue, r.PathOf("approvers"), $"{what} lists no approvers", "Add at least one \"user:NAME\" or \"role:ROLE\".");
        }

        var approvers = ReadApprovers(listed, r.PathOf("approvers"), what);
        EscalationPolicy? escalate = null;
        if (r.Element("escalate") is { } escalateElement)
        {
            var e = new ObjectReader(escalateElement, r.PathOf("escalate"), WorkflowFields.Sections["escalate"], sink, $"escalation of {what}");
            var to = ReadApprovers(e.Strings("to"), e.PathOf("to"), $"escalation of {what}");
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
            Id = id, JsonPath = path, Approvers = approvers, Show = r.Element("show"),
            OnTimeout = onTimeout is null ? ApprovalTimeoutAction.Reject : Enum.Parse<ApprovalTimeoutAction>(onTimeout, ignoreCase: true), Quorum = r.Int("quorum", 1) ?? 1, Escalate = escalate,
        };
    }

    /// <summary>Parses each approver once; one that does not parse is reported and left out.</summary>
    private List<Approver> ReadApprovers(IReadOnlyList<string> listed, string path, string what)
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

    private MapNode ReadMap(string id, string path, ObjectReader r)
    {
        var asName = r.String("as") ?? "item";
        if (!Identifiers.IsValid(asName))
        {
            sink.Error(DiagnosticCodes.InvalidIdentifier, r.PathOf("as"), $"loop variable '{asName}' of node '{id}' is not a valid identifier", Identifiers.Explain(asName));
        }

        var doPath = r.PathOf("do");
        SubGraph body = new(string.Empty, new Dictionary<string, WorkflowNode>(), doPath, IsInline: true);
        if (r.Element("do") is { } doElement)
        {
            if (doElement.TryGetProperty("kind", out _))
            {
                var inlineId = $"{id}.do";
                var inline = ReadNode(inlineId, doElement, doPath);
                body = new SubGraph(inlineId, inline is null ? new Dictionary<string, WorkflowNode>() : new() { [inlineId] = inline }, doPath, IsInline: true);
            }
            else
            {
                var s = new ObjectReader(doElement, doPath, WorkflowFields.Sections["subgraph"], sink, $"sub-graph of node '{id}'");
                var nodes = s.Element("nodes") is { } nodesElement ? ReadNodes(nodesElement, s.PathOf("nodes")) : [];
                body = new SubGraph(s.String("start") ?? string.Empty, nodes, doPath, IsInline: false);
            }
        }

        return new MapNode
        {
            Id = id, JsonPath = path, Items = StripBraces(r.String("items") ?? string.Empty), As = asName,
            Concurrency = r.Int("concurrency", 1, 1000) ?? 4, Body = body,
        };
    }

    private WaitNode ReadWait(string id, string path, ObjectReader r, string what)
    {
        if (r.Has("for") == r.Has("until"))
        {
            sink.Error(DiagnosticCodes.MissingProperty, path, $"{what} needs exactly one of 'for' (a duration) or 'until' (a timestamp template)", "Write \"for\": \"PT10M\" or \"until\": \"{{ inputs.sendAt }}\".");
        }

        return new WaitNode { Id = id, JsonPath = path, For = r.Duration("for"), Until = r.String("until") };
    }

    private List<Transition> ReadNext(ObjectReader r, string what)
    {
        if (r.Element("next") is not { } next)
        {
            return [];
        }

        var path = r.PathOf("next");
        if (next.ValueKind == JsonValueKind.String)
        {
            return [new Transition(null, next.GetString()!, path)];
        }

        var transitions = new List<Transition>();
        var index = 0;
        foreach (var item in next.EnumerateArray())
        {
            var itemPath = JsonPaths.Index(path, index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                sink.Error(DiagnosticCodes.WrongType, itemPath, $"transition of {what} must be an object, not {ObjectReader.Describe(item)}", "Write { \"when\": \"<condition>\", \"to\": \"<node id>\" }.");
                continue;
            }

            var t = new ObjectReader(item, itemPath, WorkflowFields.Sections["transition"], sink, $"transition of {what}");
            if (t.String("to") is { } to)
            {
                transitions.Add(new Transition(t.String("when"), to, t.PathOf("to")));
            }
        }

        if (index == 0)
        {
            sink.Error(DiagnosticCodes.InvalidValue, path, $"'next' of {what} is an empty list", "Remove \"next\" to end here, or add a transition.");
        }

        return transitions;
    }

    private RetryPolicy? ReadRetry(ObjectReader r, string what)
    {
        if (r.Element("retry") is not { } retry)
        {
            return null;
        }

        var rr = new ObjectReader(retry, r.PathOf("retry"), WorkflowFields.Sections["retry"], sink, $"retry of {what}");
        var max = rr.Int("max", 0, 100);
        return max is null ? null : new RetryPolicy(max.Value, rr.Duration("backoff") ?? TimeSpan.FromSeconds(1));
    }

    private static string StripBraces(string expression)
    {
        var trimmed = expression.Trim();
        return trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)
            ? trimmed[2..^2].Trim()
            : trimmed;
    }
}
