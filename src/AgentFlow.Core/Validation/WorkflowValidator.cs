using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Paths;
using AgentFlow.Core.Validation.Trust;

namespace AgentFlow.Core.Validation;

/// <summary>
/// Semantic validation of a loaded workflow: graph shape, references, templates, approval policy, the input
/// mappings of triggers and the budgets taken together.
/// Every problem is reported (not only the first), each with a stable code, location, JSON path and hint.
/// </summary>
public static class WorkflowValidator
{
    /// <summary>
    /// All diagnostics for <paramref name="document"/>: the loader's plus the semantic ones, in file order. Source
    /// paths and sub-workflow files must lie in the workflow's folder or a folder <paramref name="paths"/> allows
    /// (default: the workflow's folder only). <paramref name="codeToolOutputs"/> are the declared output shapes of the
    /// host's code tools by registered name (a <c>tool</c> node of a code tool without one is untyped).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(WorkflowDocument document, PathConfinement? paths = null, IReadOnlyDictionary<string, ValueShape>? codeToolOutputs = null)
    {
        ArgumentNullException.ThrowIfNull(document);

        // One parse table for the pass: the template, trust and approval checks read the same texts.
        using var pass = Templates.TemplateSyntax.BeginPass();
        var sink = new DiagnosticSink(document.File, document.SourceMap);
        if (document.Definition is { } definition)
        {
            var ids = new HashSet<string>(definition.Nodes.Keys, StringComparer.Ordinal);
            var scopes = BuildScopes(definition.Nodes, definition.Start, JsonPaths.Property(JsonPaths.Root, "start"), null, null, ids, sink);
            if (scopes.Sum(s => s.Nodes.Length) is var count and > WorkflowLimits.MaxNodes)
            {
                sink.Error(DiagnosticCodes.TooManyNodes, JsonPaths.Property(JsonPaths.Root, "nodes"), $"the workflow has {count:N0} nodes; at most {WorkflowLimits.MaxNodes:N0} are allowed (map bodies included)", "Split it into sub-workflows (a \"workflow\" node runs another file), or loop with maxVisits instead of repeating nodes.");
            }

            var nestedOwner = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var scope in scopes.Where(s => s.Owner is not null))
            {
                foreach (var node in scope.Nodes)
                {
                    nestedOwner.TryAdd(node.Id, scope.Owner!.Id);
                }
            }

            var confinement = paths ?? PathConfinement.WorkflowFolderOnly;
            var shapes = new ShapeResolver(
                definition, document.BaseDirectory, confinement, codeToolOutputs ?? new Dictionary<string, ValueShape>(), new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(document.File) });
            var templates = new TemplateChecker(definition, sink, nestedOwner, shapes);
            var references = new ReferenceChecker(definition, sink, document.BaseDirectory, confinement);
            var policy = new ApprovalPolicyChecker(definition, sink);
            var trust = new TrustChecker(definition, sink, new TrustReport(definition, scopes));
            var learning = new Feedback.LearnChecker(definition, sink);
            references.CheckDeclarations();
            foreach (var scope in scopes)
            {
                for (var i = 0; i < scope.Nodes.Length; i++)
                {
                    references.CheckNode(scope.Nodes[i]);
                    templates.CheckNode(scope, i);
                    policy.CheckNode(scope, i);
                    trust.CheckNode(scope, i);
                    learning.CheckNode(scope.Nodes[i]);
                }
            }

            templates.CheckOutput(scopes[0]);
            var triggerInputs = new TriggerInputChecker(definition, sink);
            foreach (var trigger in definition.Triggers.Values)
            {
                triggerInputs.Check(trigger);
                templates.CheckTrigger(trigger);
            }

            BudgetChecker.Check(definition, document.Diagnostics, sink);
        }

        return [.. document.Diagnostics.Concat(sink.Items)
            .OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ThenBy(d => d.Code, StringComparer.Ordinal)];
    }

    /// <summary>True when <paramref name="diagnostics"/> contains an error.</summary>
    public static bool HasErrors(IEnumerable<Diagnostic> diagnostics) => diagnostics.Any(d => d.IsError);

    /// <summary>Analyses the graph and every map body inside it, parents before children.</summary>
    private static List<GraphScope> BuildScopes(
        IReadOnlyDictionary<string, WorkflowNode> nodes, string start, string startPath, GraphScope? parent, MapNode? owner, HashSet<string> ids, DiagnosticSink sink)
    {
        var scope = new GraphScope(nodes, start, startPath, parent, owner);
        FlowAnalysis.Run(scope, sink, owner is null ? "the workflow" : $"the sub-graph of map '{owner.Id}'");
        AvailabilityAnalysis.Run(scope);
        var result = new List<GraphScope> { scope };
        foreach (var node in scope.Nodes)
        {
            if (node is not MapNode map)
            {
                continue;
            }

            if (ids.Contains(map.As))
            {
                sink.Error(DiagnosticCodes.InvalidIdentifier, JsonPaths.Property(map.JsonPath, "as"), $"loop variable '{map.As}' of map '{map.Id}' has the same name as a node", "Rename the loop variable (\"as\") so templates can tell them apart.");
            }

            foreach (var inner in map.Body.Nodes.Values.Where(n => !map.Body.IsInline && !ids.Add(n.Id)))
            {
                sink.Error(DiagnosticCodes.DuplicateNodeId, inner.JsonPath, $"node id '{inner.Id}' inside map '{map.Id}' is already used by another node", "Node ids must be unique in the whole file; rename one of them.");
            }

            var startAt = map.Body.IsInline ? map.Body.JsonPath : JsonPaths.Property(map.Body.JsonPath, "start");
            result.AddRange(BuildScopes(map.Body.Nodes, map.Body.Start, startAt, scope, map, ids, sink));
        }

        return result;
    }
}
