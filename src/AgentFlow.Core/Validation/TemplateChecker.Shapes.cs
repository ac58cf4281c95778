using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation;

/// <summary>AF310: a read of a field that the value's declared shape cannot have.</summary>
internal sealed partial class TemplateChecker
{
    private void CheckShape(TemplateRead read, string path, View view, ValueShape root)
    {
        var (parent, failed) = ShapeWalker.Walk(root, read.Segments);
        if (failed < 0)
        {
            return;
        }

        var readText = read.Text(failed + 1);
        if (parent.Kind == ShapeKind.None)
        {
            var node = FindNode(read.Root, view.Scope) is { } n ? $"node '{n.Id}' ({NodeKinds.ToJson(n.Kind)})" : $"'{read.Root}'";
            sink.Error(DiagnosticCodes.UnknownOutputField, path, $"{view.Reader} reads '{readText}', but {node} has no output", "A switch, parallel, wait, end or fail node adds nothing to the run state; read the nodes before or inside it.");
            return;
        }

        ReportUnknownField(read, path, view.Reader, failed == 0 ? Describe(read.Root, view) : null, parent, failed);
    }

    // AF310 for segment `failed` of `read`, which `parent` cannot have; `rootWhat` names the root value when the first
    // segment failed (else the path read so far is named).
    private void ReportUnknownField(TemplateRead read, string path, string reader, string? rootWhat, ValueShape parent, int failed)
    {
        var segment = read.Segments[failed];
        var readText = read.Text(failed + 1);
        var owner = read.Text(failed);
        var what = rootWhat ?? $"'{owner}'";
        var members = ShapeWalker.Members(parent);
        var field = segment.Name ?? "[]";
        var message = parent.Kind switch
        {
            ShapeKind.Record => $"{reader} reads '{readText}', but {what} has no field '{field}'",
            ShapeKind.Array => $"{reader} reads '{readText}', but {what} is a list: it has no field '{field}'",
            _ => $"{reader} reads '{readText}', but {what} is a {parent.Describe()}, which has no field '{field}'",
        };
        var hint = parent.Kind switch
        {
            ShapeKind.Array when parent.Item is { Kind: ShapeKind.Record } item && item.Properties.ContainsKey(field) =>
                $"Read an item: '{owner}[0].{field}' or '{owner}.first.{field}', or loop over it ({{% for x in {owner} %}}).",
            ShapeKind.Record or ShapeKind.Array or ShapeKind.Text when members.Count > 0 =>
                $"{DidYouMean(field, members)}'{owner}' has: {string.Join(", ", members)}.",
            _ => $"'{owner}' is a {parent.Describe()}; read it whole.",
        };
        sink.Error(DiagnosticCodes.UnknownOutputField, path, message, hint);
    }

    // Beside edit distance, a field name is often a shortened/extended (greet/greeting) or swapped (titel) spelling.
    internal static string DidYouMean(string field, IReadOnlyList<string> members)
    {
        var closest = Suggestions.Closest(field, members)
            ?? members.FirstOrDefault(m => Math.Min(m.Length, field.Length) >= 3
                && (m.StartsWith(field, StringComparison.OrdinalIgnoreCase) || field.StartsWith(m, StringComparison.OrdinalIgnoreCase)))
            ?? members.FirstOrDefault(m => m.Length == field.Length && m.Order().SequenceEqual(field.Order()));
        return closest is null ? string.Empty : $"Did you mean '{closest}'? ";
    }

    private string Describe(string root, View view)
    {
        if (shapes.LoopOwner(root, view.ScopeReader) is { } map)
        {
            return $"an item of map '{map.Id}' ('{map.Items}')";
        }

        if (root == "error")
        {
            return "'error'";
        }

        var kind = FindNode(root, view.Scope)?.Kind;
        return kind is { } k ? $"the output of node '{root}' ({NodeKinds.ToJson(k)})" : $"'{root}'";
    }

    private static WorkflowNode? FindNode(string id, GraphScope? scope)
    {
        for (; scope is not null; scope = scope.Parent)
        {
            if (scope.Index.TryGetValue(id, out var index))
            {
                return scope.Nodes[index];
            }
        }

        return null;
    }
}
