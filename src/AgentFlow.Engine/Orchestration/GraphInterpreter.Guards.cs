using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// What guard findings mean for the run, decided here from the activity's output so that a pause is durable: a
/// <c>block</c> finding fails the node with a routable error (<c>blocked by guard ...</c>); an <c>approve</c> finding
/// pauses at an automatic approval named after the node itself (event <c>approval:NODE</c>, decided like any
/// approval), addressed to the guard node's or the agent's <c>approvers</c> and showing <c>{ text, findings }</c>.
/// Approved: the node completes with <c>approvedBy</c> (a guard node's <c>text</c> as the operator left it);
/// rejected: the node is blocked. Applies to <c>guard</c> nodes and to <c>llm</c> nodes whose agent has guards.
/// </summary>
internal sealed partial class GraphInterpreter
{
    /// <summary>The findings in a guard node's or a guarded llm node's output; null when there are none.</summary>
    internal static JsonArray? FindingsOf(WorkflowNode node, JsonNode? output) => (node switch
    {
        GuardNode => output?["findings"],
        LlmNode => output?["guards"]?["findings"],
        _ => null,
    }) is JsonArray { Count: > 0 } findings ? findings : null;

    private async Task<NodeOutcome> EnforceGuardsAsync(WorkflowNode node, string qualified, NodeRecord record, NodeOutcome outcome)
    {
        if (FindingsOf(node, outcome.Output) is not { } findings || outcome.Output is not JsonObject output)
        {
            return outcome;
        }

        if (Acting(findings, GuardAction.Block) is { Count: > 0 } blocking)
        {
            throw new NodeFailedException(qualified, NodeKinds.ToJson(node.Kind), $"blocked by guard '{qualified}': {Describe(blocking)}") { Findings = findings };
        }

        if (Acting(findings, GuardAction.Approve) is not { Count: > 0 } held)
        {
            return outcome;
        }

        var approvers = node switch
        {
            GuardNode guard => guard.Approvers,
            LlmNode llm when Workflow.Agents.TryGetValue(llm.Agent, out var agent) => agent.Guards?.Approvers ?? [],
            _ => [],
        };
        var decision = await HoldForApprovalAsync(qualified, NodeKinds.ToJson(node.Kind), record, approvers, ShownText(node, output), findings, held).ConfigureAwait(true);
        if (!decision.Approved)
        {
            var comment = string.IsNullOrWhiteSpace(decision.Comment) ? string.Empty : $" ({decision.Comment})";
            throw new NodeFailedException(qualified, NodeKinds.ToJson(node.Kind), $"blocked by guard '{qualified}': {Describe(held)} held for approval and rejected by {decision.By}{comment}") { Findings = findings };
        }

        if (node is GuardNode)
        {
            output["approvedBy"] = decision.By;
            if (decision.Text is { } edited)
            {
                output["text"] = edited;
            }
        }
        else
        {
            output["guards"]!["approvedBy"] = decision.By;
        }

        return NodeOutcome.Completed(output);
    }

    /// <summary>Waits at the node's own approval until an authorised operator decides; each decision is audited by the approval service.</summary>
    private async Task<(bool Approved, string By, string? Comment, string? Text)> HoldForApprovalAsync(
        string qualified, string kind, NodeRecord record, IReadOnlyList<Approver> approvers, string text, JsonArray findings, List<JsonNode> held)
    {
        if (approvers.Count == 0)
        {
            throw new NodeFailedException(qualified, kind, $"blocked by guard '{qualified}': {Describe(held)} needs an approval, but no approvers are listed; add \"approvers\"") { Findings = findings };
        }

        var show = new JsonObject { ["text"] = text, ["findings"] = findings.DeepClone() };
        if (await AwaitAutomaticApprovalAsync(qualified, record, approvers, show).ConfigureAwait(true) is not ({ } decision, { } values, _))
        {
            throw new NodeFailedException(qualified, kind, $"node '{qualified}': more than {MaxApprovalRounds} decisions arrived without one that counts", routable: false);
        }

        var edited = values["text"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return (decision.Approved, decision.By, decision.Comment, edited);
    }

    /// <summary>What the approvers read: a guard node's (redacted) text, an llm node's answer text or JSON.</summary>
    private static string ShownText(WorkflowNode node, JsonObject output)
    {
        if (output["text"] is JsonValue text && text.TryGetValue<string>(out var s) && (node is GuardNode || s.Length > 0))
        {
            return s;
        }

        var answer = (JsonObject)output.DeepClone();
        foreach (var added in new[] { "usage", "exchange", "requests", "guards" })
        {
            answer.Remove(added);
        }

        return answer.ToJsonString();
    }

    private static List<JsonNode> Acting(JsonArray findings, GuardAction action)
    {
        var name = GuardCheck.ToJson(action);
        return [.. findings.OfType<JsonNode>().Where(f => (string?)f["action"] == name)];
    }

    private static string Describe(List<JsonNode> findings) =>
        string.Join("; ", findings.Select(f => $"{(string?)f["rule"]} ({(string?)f["message"]})"));
}
