using System.Text.Json;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation.Trust;

public sealed partial class TrustReport
{
    /// <summary>The label of <paramref name="node"/>'s output, from the current labels of what it reads.</summary>
    private NodeTaint Label(WorkflowNode node, GraphScope scope) => node switch
    {
        LlmNode llm => new NodeTaint(LlmReads(llm, scope) is { IsUntrusted: true } read
            ? new Taint(UntrustedKind.Model, $"the answer of llm node '{llm.Id}', which reads {read.Source}")
            : Taint.None),
        RetrieveNode retrieve => new NodeTaint(new Taint(UntrustedKind.Data, $"the results of retrieve node '{retrieve.Id}' (source '{retrieve.Source}')")),
        RecallNode recall => new NodeTaint(Memory(recall.Agent) is { IsUntrusted: true } memory
            ? new Taint(UntrustedKind.Data, $"recall node '{recall.Id}', from {memory.Source}")
            : Taint.None),
        ToolNode tool when _workflow.Tools.TryGetValue(tool.Tool, out var declared) => declared.Kind switch
        {
            "http" or "mcp" => new NodeTaint(new Taint(UntrustedKind.Data, $"the result of tool node '{tool.Id}' ({declared.Kind} tool '{declared.Name}')")),

            // Code computes from its arguments: what they carry, its result may carry.
            "code" => new NodeTaint(ValueTaint(tool.Args, scope)),
            _ => NodeTaint.Trusted,
        },
        SetNode set when set.Values.ValueKind == JsonValueKind.Object => new NodeTaint(
            Taint.None,
            set.Values.EnumerateObject().ToDictionary(p => p.Name, p => ValueTaint(p.Value, scope), StringComparer.Ordinal)),
        SetNode set => new NodeTaint(ValueTaint(set.Values, scope)),

        // A guard screens its text but does not make it trustworthy: its output (the text, redacted) keeps the label.
        GuardNode guard => new NodeTaint(TemplateTaint(guard.Text, scope)),
        MapNode map => new NodeTaint(map.Body.Nodes.Values.Aggregate(Taint.None, (a, n) => a.Join(NodeLabel(n.Id)?.All ?? Taint.None))),

        // The sub-workflow's file is checked on its own; here its outputs are as untrusted as anything it was given,
        // and a model inside may have read it.
        WorkflowCallNode call => new NodeTaint(ValueTaint(call.Inputs, scope) is { IsUntrusted: true } given
            ? new Taint(UntrustedKind.Model, $"the output of workflow node '{call.Id}', which is given {given.Source}")
            : Taint.None),
        _ => NodeTaint.Trusted,
    };

    /// <summary>The untrusted text an llm node reads: its prompt, its agent's recalled memories, results of http/mcp tools it offers.</summary>
    internal Taint LlmReads(LlmNode llm, GraphScope scope) => TemplateTaint(llm.Prompt, scope).Join(Unprompted(llm));

    /// <summary>The untrusted text an llm node reads other than through its prompt: recalled memories, results of http/mcp tools it offers.</summary>
    internal Taint Unprompted(LlmNode llm)
    {
        var taint = Taint.None;
        if (_workflow.Agents.TryGetValue(llm.Agent, out var agent) && agent.RecallCount > 0)
        {
            taint = taint.Join(Memory(llm.Agent));
        }

        foreach (var name in llm.Tools)
        {
            if (_workflow.Tools.TryGetValue(name, out var tool) && tool.Kind is "http" or "mcp")
            {
                taint = taint.Join(new Taint(UntrustedKind.Data, $"the results of {tool.Kind} tool '{name}' it offers"));
            }
        }

        return taint;
    }

    internal Taint ValueTaint(JsonElement? value, GraphScope scope)
    {
        var taint = Taint.None;
        if (value is { } element)
        {
            foreach (var (_, text) in JsonStrings.Enumerate(element, JsonPaths.Root))
            {
                taint = taint.Join(TemplateTaint(text, scope));
            }
        }

        return taint;
    }

    internal Taint TemplateTaint(string text, GraphScope scope) =>
        TemplateSyntax.HasMarkup(text) ? ReadsTaint(TemplateSyntax.ParseTemplate(text).Reads, scope) : Taint.None;

    internal Taint ConditionTaint(string condition, GraphScope scope) => ReadsTaint(TemplateSyntax.ParseCondition(condition).Reads, scope);

    internal Taint ReadsTaint(IEnumerable<TemplateRead> reads, GraphScope scope) =>
        reads.Aggregate(Taint.None, (taint, read) => taint.Join(ReadTaint(read, scope)));

    /// <summary>The label of one path a template in <paramref name="scope"/> reads.</summary>
    internal Taint ReadTaint(TemplateRead read, GraphScope scope)
    {
        var field = read.Segments is [{ Name: { } name, IsIndex: false }, ..] ? name : null;
        for (var s = scope; s?.Owner is not null; s = s.Parent)
        {
            if (s.Owner.As == read.Root && s.Parent is not null)
            {
                // A map's loop variable is an item of its list.
                return TemplateTaint(TemplateSyntax.ExpressionTemplate(s.Owner.Items), s.Parent);
            }
        }

        return read.Root switch
        {
            "inputs" when field is null => _inputs.Values.Aggregate(Taint.None, (a, b) => a.Join(b)),
            "inputs" => _inputs.GetValueOrDefault(field, Taint.None),

            // A failure message can quote what a tool or a page returned.
            "error" => new Taint(UntrustedKind.Data, "an error message (it can quote a tool's or a page's response)"),
            _ => NodeLabel(read.Root) is { } node ? node.Of(field) : Taint.None,
        };
    }
}
