using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation.Trust;

internal sealed partial class TrustChecker
{
    private readonly Dictionary<GraphScope, (int Approvals, string Effect)?> _bodyDistance = [];

    /// <summary>
    /// AF412: a condition on a model's answer that read untrusted text, choosing between targets that reach a medium- or
    /// high-risk effect through different numbers of approvals. An injection chooses a model's answer freely, so it
    /// could pick the branch with fewer. A condition on untrusted <em>data</em> is the author's own predicate (the
    /// sender's domain is what it is, whatever the mail says), so it is allowed; the arguments are checked by AF411.
    /// </summary>
    private void CheckRouting(WorkflowNode node, GraphScope scope, int index)
    {
        foreach (var transition in node.Next)
        {
            if (transition.When is not { } when)
            {
                continue;
            }

            var chosenByModel = report.Unshown(TemplateSyntax.ParseCondition(when).Reads, scope, index)
                .Where(r => r.Taint.Kind == UntrustedKind.Model).ToList();
            if (chosenByModel is not [var (read, taint), ..])
            {
                continue;
            }

            var reaching = new List<(string Target, int Approvals, string Effect)>();
            foreach (var target in node.Next.Select(t => t.To).Distinct(StringComparer.Ordinal))
            {
                if (scope.Index.TryGetValue(target, out var to) && Distance(scope, to) is { } distance)
                {
                    reaching.Add((target, distance.Approvals, distance.Effect));
                }
            }

            if (reaching.Count < 2 || reaching.Min(r => r.Approvals) == reaching.Max(r => r.Approvals))
            {
                continue;
            }

            var fewer = reaching.MinBy(r => r.Approvals);
            var more = reaching.MaxBy(r => r.Approvals);
            sink.Error(
                DiagnosticCodes.UntrustedRouting,
                JsonPaths.Property(transition.JsonPath[..transition.JsonPath.LastIndexOf('.')], "when"),
                $"node '{node.Id}' routes on '{read.Text(read.Segments.Count)}', which is untrusted: {taint.Source}, so an injection in that text can choose the route: going to '{fewer.Target}' reaches {fewer.Effect} through {Approvals(fewer.Approvals)}, going to '{more.Target}' through {Approvals(more.Approvals)}",
                "Decide the route in code from the data itself (e.g. the sender's domain: {{ mail.text | email_address | email_domain }}), not from a model's answer; or put an approval that shows the value on the branch with fewer approvals.");
            return;
        }
    }

    private static string Approvals(int count) => count == 1 ? "1 approval" : $"{count} approvals";

    /// <summary>
    /// The fewest approvals on a path from node <paramref name="from"/> to a medium- or high-risk effect in
    /// <paramref name="scope"/> (a tool node, an llm node offering such a tool, a map whose items reach one), and that
    /// effect; null when none is reachable.
    /// </summary>
    private (int Approvals, string Effect)? Distance(GraphScope scope, int from)
    {
        var best = new int[scope.Nodes.Length];
        Array.Fill(best, int.MaxValue);
        var queue = new PriorityQueue<int, int>();
        var start = scope.Nodes[from].Kind == NodeKind.Approval ? 1 : 0;
        best[from] = start;
        queue.Enqueue(from, start);
        (int Approvals, string Effect)? found = null;
        while (queue.TryDequeue(out var node, out var cost))
        {
            if (cost > best[node] || cost >= (found?.Approvals ?? int.MaxValue))
            {
                continue;
            }

            if (Effect(scope.Nodes[node]) is { } effect)
            {
                // A map's effect lies inside its body, at the body's own cost; paths past the map may be cheaper.
                var total = effect.Inner is { } inner ? (cost + inner.Approvals, inner.Effect) : (cost, effect.Name);
                if (total.Item1 < (found?.Approvals ?? int.MaxValue))
                {
                    found = total;
                }

                if (effect.Inner is null)
                {
                    continue;
                }
            }

            foreach (var (to, _) in scope.Edges[node])
            {
                var next = cost + (scope.Nodes[to].Kind == NodeKind.Approval ? 1 : 0);
                if (next < best[to])
                {
                    best[to] = next;
                    queue.Enqueue(to, next);
                }
            }
        }

        return found;
    }

    private (string Name, (int Approvals, string Effect)? Inner)? Effect(WorkflowNode node)
    {
        switch (node)
        {
            case ToolNode tool when definition.Tools.TryGetValue(tool.Tool, out var declared) && declared.Risk != ToolRisk.Low:
                return ($"{Risk(declared)}-risk tool '{declared.Name}' (node '{tool.Id}')", null);
            case LlmNode llm when llm.Tools.Any(t => definition.Tools.TryGetValue(t, out var declared) && declared.Risk != ToolRisk.Low):
                return ($"the tools llm node '{llm.Id}' offers", null);
            case MapNode map when report.Scopes.FirstOrDefault(s => ReferenceEquals(s.Owner, map)) is { Start: >= 0 } body:
                if (!_bodyDistance.TryGetValue(body, out var inner))
                {
                    _bodyDistance[body] = null;
                    inner = _bodyDistance[body] = Distance(body, body.Start);
                }

                return inner is null ? null : (map.Id, inner);
            default:
                return null;
        }
    }
}
