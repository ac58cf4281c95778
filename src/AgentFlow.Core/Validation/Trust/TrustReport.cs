using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Core.Templates;
using Fluid;

namespace AgentFlow.Core.Validation.Trust;

/// <summary>
/// Which values of a workflow can carry untrusted (third-party) content, computed statically over the graph and its
/// templates. Sources: <c>retrieve</c> outputs, <c>http</c>/<c>mcp</c> tool outputs, inputs a mail or webhook trigger
/// fills or that declare <c>"untrusted": true</c>, <c>recall</c> of an agent this workflow remembers untrusted text
/// for, and the answer of an <c>llm</c> node that read any of them (labelled <see cref="UntrustedKind.Model"/>).
/// Labels flow through every template; an approval's output is trusted, since a human saw and approved what it shows.
/// </summary>
public sealed partial class TrustReport
{
    private const int MaxRounds = 64;

    private static readonly ConditionalWeakTable<WorkflowDefinition, TrustReport> Reports = new();

    private readonly WorkflowDefinition _workflow;
    private readonly Dictionary<string, Taint> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeTaint> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Taint> _memories = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkflowNode, GraphScope> _scopeOf = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<LlmNode, (IFluidTemplate? Template, bool Marks)> _prompts = new(ReferenceEqualityComparer.Instance);

    internal TrustReport(WorkflowDefinition workflow, IReadOnlyList<GraphScope> scopes)
    {
        _workflow = workflow;
        Scopes = scopes;
        foreach (var scope in scopes)
        {
            foreach (var node in scope.Nodes)
            {
                _scopeOf[node] = scope;
            }
        }

        LabelInputs();
        Propagate();
    }

    /// <summary>The analysed graphs: the top level first, then every map body.</summary>
    internal IReadOnlyList<GraphScope> Scopes { get; }

    /// <summary>Analyses <paramref name="workflow"/> (a loaded definition; graph errors only make the analysis coarser).</summary>
    public static TrustReport Analyze(WorkflowDefinition workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var scopes = new List<GraphScope>();
        Build(workflow.Nodes, workflow.Start, null, null, scopes);
        return new TrustReport(workflow, scopes);
    }

    /// <summary>The report of <paramref name="workflow"/>, analysed once per definition object (the engine asks for every llm node it runs).</summary>
    public static TrustReport For(WorkflowDefinition workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return Reports.GetValue(workflow, Analyze);
    }

    /// <summary>
    /// The prompt of <paramref name="node"/> rewritten to mark its untrusted parts, and whether it has any (a prompt
    /// without them renders as it is).
    /// </summary>
    internal (IFluidTemplate? Template, bool Marks) SpotlightPrompt(LlmNode node) => _prompts.GetOrAdd(node, n =>
    {
        if (ScopeOf(n) is not { } scope || TemplateSyntax.ParseTemplate(n.Prompt).Template is not { } template)
        {
            return (null, false);
        }

        return SpotlightRewriter.Rewrite(template, read => ReadTaint(read, scope).IsUntrusted);
    });

    /// <summary>
    /// The <c>show</c> keys of <paramref name="node"/> whose template can carry untrusted data, in show order (the
    /// approval page marks them, so the approver knows which values a third party wrote).
    /// </summary>
    public IReadOnlyList<string> UntrustedShowFields(ApprovalNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Show is not { ValueKind: System.Text.Json.JsonValueKind.Object } show || !_scopeOf.TryGetValue(node, out var scope))
        {
            return [];
        }

        return [.. show.EnumerateObject().Where(p => ValueTaint(p.Value, scope).IsUntrusted).Select(p => p.Name)];
    }

    /// <summary>True when <paramref name="node"/>'s output can carry untrusted content.</summary>
    public bool IsUntrustedOutput(WorkflowNode node) => OutputKind(node) != UntrustedKind.None;

    /// <summary>How untrusted <paramref name="node"/>'s output can be (the strongest label of any of its fields).</summary>
    public UntrustedKind OutputKind(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _nodes.TryGetValue(node.Id, out var taint) ? taint.All.Kind : UntrustedKind.None;
    }

    /// <summary>How untrusted workflow input <paramref name="name"/> is.</summary>
    public UntrustedKind InputKind(string name) => _inputs.TryGetValue(name, out var taint) ? taint.Kind : UntrustedKind.None;

    internal GraphScope? ScopeOf(WorkflowNode node) => _scopeOf.GetValueOrDefault(node);

    /// <summary>The label of what <paramref name="agent"/>'s memory can hold, from this workflow's <c>remember</c> nodes.</summary>
    internal Taint Memory(string agent)
    {
        _reading?.Memories.Add(agent);
        return _memories.GetValueOrDefault(agent, Taint.None);
    }

    private static void Build(IReadOnlyDictionary<string, WorkflowNode> nodes, string start, GraphScope? parent, MapNode? owner, List<GraphScope> scopes)
    {
        // Graph errors are the validator's to report; here they only make the edges fewer.
        var sink = new DiagnosticSink(string.Empty, null);
        var scope = new GraphScope(nodes, start, JsonPaths.Root, parent, owner);
        FlowAnalysis.Run(scope, sink, "the workflow");
        AvailabilityAnalysis.Run(scope);
        scopes.Add(scope);
        foreach (var map in scope.Nodes.OfType<MapNode>())
        {
            Build(map.Body.Nodes, map.Body.Start, scope, map, scopes);
        }
    }

    private void LabelInputs()
    {
        foreach (var input in _workflow.Inputs.Values.Where(i => i.Untrusted))
        {
            _inputs[input.Name] = new Taint(UntrustedKind.Data, $"input '{input.Name}' (declared untrusted)");
        }

        // A schedule fills inputs with the author's own constants; a mail or a webhook request is a stranger's.
        foreach (var trigger in _workflow.Triggers.Values.Where(t => t.Kind is TriggerKind.Imap or TriggerKind.Webhook))
        {
            foreach (var name in trigger.Inputs.Keys)
            {
                _inputs.TryAdd(name, new Taint(UntrustedKind.Data, $"input '{name}' (filled by {TriggerKinds.ToJson(trigger.Kind)} trigger '{trigger.Name}')"));
            }
        }
    }
}
