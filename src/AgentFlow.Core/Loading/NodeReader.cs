using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Loading;

/// <summary>
/// Builds typed nodes from JSON, reporting structural problems through the sink: checks the id and the kind, reads
/// the common fields, and hands the rest to the kind's own reader (see <see cref="NodeKindRegistry"/>).
/// </summary>
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

        var spec = NodeKindRegistry.Get(kind);
        var r = new ObjectReader(element, path, ObjectReader.Concat(WorkflowNode.CommonFields, spec.Fields), sink, what);
        var node = spec.Read(new NodeReadContext(this, sink, id, path), r);

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

}
