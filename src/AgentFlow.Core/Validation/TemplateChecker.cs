using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation;

/// <summary>
/// Checks every template, condition and expression: Liquid syntax, that each name it reads exists and has run, and
/// that each path it reads can exist in the shape of the value it reads (AF310).
/// </summary>
internal sealed partial class TemplateChecker(WorkflowDefinition definition, DiagnosticSink sink, IReadOnlyDictionary<string, string> nestedOwner, ShapeResolver shapes)
{
    private static readonly HashSet<string> AlwaysAvailable = new(StringComparer.Ordinal) { "run", "error", "forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false" };

    public void CheckNode(GraphScope scope, int index)
    {
        var node = scope.Nodes[index];
        var before = new View(scope, scope.AvailableIn[index], node.Id);
        switch (node)
        {
            case LlmNode llm: Template(llm.Prompt, Path(node, "prompt"), before); break;
            case RetrieveNode retrieve: Template(retrieve.Query, Path(node, "query"), before); break;
            case ToolNode tool: Value(tool.Args, Path(node, "args"), before); break;
            case ApprovalNode approval: Value(approval.Show, Path(node, "show"), before); break;
            case RecallNode recall: Template(recall.Query, Path(node, "query"), before); break;
            case RememberNode remember:
                Template(remember.Text, Path(node, "text"), before);
                Value(remember.Metadata, Path(node, "metadata"), before);
                break;
            case SetNode set: Value(set.Values, Path(node, "values"), before); break;
            case MapNode map: Check(TemplateSyntax.ParseTemplate(TemplateSyntax.ExpressionTemplate(map.Items)), Path(node, "items"), before); break;
            case WorkflowCallNode call: Value(call.Inputs, Path(node, "inputs"), before); break;
            case WaitNode { Until: { } until }: Template(until, Path(node, "until"), before); break;
            case FailNode fail: Template(fail.Message, Path(node, "message"), before); break;
            case GuardNode guard: Template(guard.Text, Path(node, "text"), before); break;
        }

        var after = new View(scope, scope.AvailableOut(index), node.Id);
        foreach (var transition in node.Next)
        {
            if (transition.When is { } when)
            {
                Check(TemplateSyntax.ParseCondition(when), JsonPaths.Property(transition.JsonPath[..transition.JsonPath.LastIndexOf('.')], "when"), after);
            }
        }
    }

    /// <summary>Checks the workflow <c>output</c> against the nodes guaranteed at every successful end of the run.</summary>
    public void CheckOutput(GraphScope top)
    {
        if (definition.Output is not { } output)
        {
            return;
        }

        ulong[]? atEnd = null;
        for (var i = 0; i < top.Nodes.Length; i++)
        {
            var node = top.Nodes[i];
            // A run ends at a reachable node that ends its path outside every parallel branch.
            var endsRun = node.Kind == NodeKind.End || (node.Next.Count == 0 && node.Kind != NodeKind.Parallel);
            if (!top.Reachable[i] || node.Kind == NodeKind.Fail || !endsRun || top.Edges[i].Exists(e => e.Kind == EdgeKind.BranchEnd))
            {
                continue;
            }

            if (atEnd is null)
            {
                atEnd = top.AvailableOut(i).ToArray();
            }
            else
            {
                top.AvailableOut(i).IntersectInto(atEnd);
            }
        }

        Value(output, JsonPaths.Property(JsonPaths.Root, "output"), new View(top, NodeSet.Of(atEnd ?? new ulong[top.AvailableIn.Words]), "the workflow output"));
    }

    private void Value(JsonElement? value, string path, View view)
    {
        if (value is not { } element)
        {
            return;
        }

        foreach (var (leafPath, text) in JsonStrings.Enumerate(element, path))
        {
            Template(text, leafPath, view);
        }
    }

    private void Template(string text, string path, View view)
    {
        if (TemplateSyntax.HasMarkup(text))
        {
            Check(TemplateSyntax.ParseTemplate(text), path, view);
        }
    }

    private void Check(TemplateSyntax.Parsed parsed, string path, View view)
    {
        if (parsed.Error is { } error)
        {
            sink.Error(DiagnosticCodes.InvalidTemplate, path, $"invalid Liquid in {view.Reader}: {error}", "Check the {{ }} / {% %} pairs and the expression syntax (Liquid, as in Shopify/Fluid).");
            return;
        }

        foreach (var read in parsed.Reads)
        {
            CheckReference(read, path, view);
        }
    }

    private void CheckReference(TemplateRead read, string path, View view)
    {
        var name = read.Root;
        if (read.ViaLoop)
        {
            // The list itself is a read of its own (checked for existence and availability); here only its items.
            CheckShape(read, path, view, shapes.Root(name, view.ScopeReader));
            return;
        }

        if (AlwaysAvailable.Contains(name) || view.Scope.LoopVariables.Contains(name))
        {
            CheckShape(read, path, view, shapes.Root(name, view.ScopeReader));
            return;
        }

        if (name == "inputs")
        {
            if (read.Segments is [{ Name: { } input, IsIndex: false }, ..] && !definition.Inputs.ContainsKey(input))
            {
                sink.Error(DiagnosticCodes.UnknownInput, path, $"{view.Reader} reads inputs.{input}, which is not declared", $"Declare it under \"inputs\". {Suggestions.Hint(input, [.. definition.Inputs.Keys], "inputs")}");
            }

            return;
        }

        var available = view.Available;
        for (var scope = view.Scope; scope is not null; scope = scope.Parent)
        {
            if (scope.Index.TryGetValue(name, out var index))
            {
                if (!available[index] && !read.HasFallback)
                {
                    sink.Error(DiagnosticCodes.NodeNotGuaranteed, path, $"{view.Reader} reads '{name}', but node '{name}' is not guaranteed to have run before it (some path skips it, or it runs later)", $"Read '{name}' only in nodes that every path reaches after '{name}', copy what you need into a 'set' node both paths pass, or give a fallback: {{{{ {read.Text(read.Segments.Count)} | default: ... }}}}.");
                }

                CheckShape(read, path, view, shapes.NodeShape(name));
                return;
            }

            if (scope.Owner is not null && scope.Parent is not null)
            {
                available = scope.Parent.AvailableIn[scope.Parent.Index[scope.Owner.Id]];
            }
        }

        if (nestedOwner.TryGetValue(name, out var owner))
        {
            sink.Error(DiagnosticCodes.NodeNotGuaranteed, path, $"{view.Reader} reads '{name}', a node inside map '{owner}', which only exists per item", $"Read '{owner}.items' instead.");
            return;
        }

        var known = definition.Nodes.Keys.Concat(view.Scope.Index.Keys).Concat(view.Scope.LoopVariables).Append("inputs").Append("run").Distinct().ToList();
        sink.Error(DiagnosticCodes.UnknownTemplateName, path, $"{view.Reader} reads '{name}', which is not an input, a node or a loop variable", Suggestions.Hint(name, known, "names"));
    }

    private static string Path(WorkflowNode node, string property) => JsonPaths.Property(node.JsonPath, property);

    private sealed record View(GraphScope Scope, NodeSet Available, string ReaderId)
    {
        /// <summary>The node whose loop variables are visible: the reader, or for the workflow output none.</summary>
        public string? ScopeReader => ReaderId.StartsWith("the ", StringComparison.Ordinal) ? null : ReaderId;

        public string Reader => ReaderId.StartsWith("the ", StringComparison.Ordinal) ? ReaderId : $"node '{ReaderId}'";
    }
}
