using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation.Trust;

/// <summary>
/// The trust rules (AF411-AF413): untrusted values must not choose what a medium- or high-risk effect does, nor
/// (through a model) which path with fewer approvals a run takes, nor (through a model) call a medium-risk tool.
/// </summary>
internal sealed partial class TrustChecker(WorkflowDefinition definition, DiagnosticSink sink, TrustReport report)
{
    private const string Fixes = "add an approval before it whose show includes that value (and use the approval's values here), compute the value in code from trusted data, or bound it with the tool's allow-list (allowDomains for an email tool)";

    public void CheckNode(GraphScope scope, int index)
    {
        if (scope.Reachable.Length <= index || !scope.Reachable[index])
        {
            return;
        }

        var node = scope.Nodes[index];
        if (node is ToolNode tool && definition.Tools.TryGetValue(tool.Tool, out var declared) && declared.Risk != ToolRisk.Low)
        {
            CheckArguments(tool, declared, scope, index);
        }

        if (node is LlmNode llm)
        {
            CheckToolChoice(llm, scope, index);
        }

        if (node.Next.Any(t => t.When is not null))
        {
            CheckRouting(node, scope, index);
        }
    }

    /// <summary>AF411: an untrusted value in a sensitive argument, with no approval that showed it.</summary>
    private void CheckArguments(ToolNode node, ToolDefinition tool, GraphScope scope, int index)
    {
        if (node.Args is not { ValueKind: JsonValueKind.Object } args || SensitiveArguments.Of(tool) is { Count: 0 })
        {
            return;
        }

        var sensitive = SensitiveArguments.Of(tool);
        var argsPath = JsonPaths.Property(node.JsonPath, "args");
        foreach (var argument in args.EnumerateObject())
        {
            var name = argument.Name;
            if ((sensitive is not null && !sensitive.Contains(name, StringComparer.Ordinal)) || SensitiveArguments.IsBounded(tool, name))
            {
                continue;
            }

            foreach (var (leafPath, text) in JsonStrings.Enumerate(argument.Value, JsonPaths.Property(argsPath, name)))
            {
                if (!TemplateSyntax.HasMarkup(text) || report.Unshown(TemplateSyntax.ParseTemplate(text).Reads, scope, index) is not [var (read, taint), ..])
                {
                    continue;
                }

                sink.Error(
                    DiagnosticCodes.UntrustedSensitiveArgument,
                    leafPath,
                    $"node '{node.Id}' passes '{read.Text(read.Segments.Count)}' to argument '{name}' of {Risk(tool)}-risk {tool.Kind} tool '{tool.Name}', a sensitive argument (it chooses what the call does), but that value is untrusted: {Describe(taint)}, and no approval on the way shows it",
                    $"To fix it: {Fixes}; or, if this argument does not choose what the call does, leave it out of the tool's \"sensitive\" list.");
                break;
            }
        }
    }

    /// <summary>AF413: a model that reads untrusted text may call a medium-risk tool, which runs without any approval.</summary>
    private void CheckToolChoice(LlmNode node, GraphScope scope, int index)
    {
        // A high-risk tool a model asks for never runs in the llm node: the request goes to the workflow, whose tool
        // node needs an approval (AF401) and whose arguments are checked like any other (AF411).
        var medium = node.Tools
            .Select((name, i) => (Name: name, Index: i))
            .Where(t => definition.Tools.TryGetValue(t.Name, out var tool) && tool.Risk == ToolRisk.Medium)
            .ToList();
        if (medium.Count == 0)
        {
            return;
        }

        var prompt = TemplateSyntax.HasMarkup(node.Prompt) ? report.Unshown(TemplateSyntax.ParseTemplate(node.Prompt).Reads, scope, index) : [];
        var taint = prompt.Aggregate(Taint.None, (a, r) => a.Join(r.Taint)).Join(report.Unprompted(node));
        if (!taint.IsUntrusted)
        {
            return;
        }

        var names = string.Join(", ", medium.Select(t => $"'{t.Name}'"));
        sink.Error(
            DiagnosticCodes.UntrustedToolChoice,
            JsonPaths.Index(JsonPaths.Property(node.JsonPath, "tools"), medium[0].Index),
            $"llm node '{node.Id}' reads untrusted text ({taint.Source}) and offers medium-risk tool{(medium.Count > 1 ? "s" : string.Empty)} {names}, which it runs with no approval: an injection in that text can choose the call and its arguments",
            "Raise the tool's risk to high (the model's request then goes to an approval node before a tool node runs it), stop offering it here and call it from a tool node with checked arguments, or show the text in an approval before this node.");
    }

    private static string Risk(ToolDefinition tool) => tool.Risk == ToolRisk.High ? "high" : "medium";

    private static string Describe(Taint taint) => taint.Kind == UntrustedKind.Model
        ? $"{taint.Source}, so an injection in that text can choose it"
        : $"it comes from {taint.Source}";
}
