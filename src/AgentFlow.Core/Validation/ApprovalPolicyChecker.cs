using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Validation;

/// <summary>Policy checks: high-risk tools sit behind approvals (AF401) and every quorum can be met (AF403).</summary>
internal sealed class ApprovalPolicyChecker(WorkflowDefinition definition, DiagnosticSink sink)
{
    public void CheckNode(GraphScope scope, int index)
    {
        var node = scope.Nodes[index];
        if (node is ApprovalNode approval)
        {
            CheckQuorum(approval);
        }

        if (node is not ToolNode tool || !definition.Tools.TryGetValue(tool.Tool, out var declared) || declared.Risk != ToolRisk.High
            || !scope.Reachable[index] || IsGuarded(scope, index))
        {
            return;
        }

        var path = WitnessPath(scope, index);
        sink.Error(
            DiagnosticCodes.HighRiskWithoutApproval,
            JsonPaths.Property(node.JsonPath, "tool"),
            $"node '{node.Id}' calls high-risk tool '{tool.Tool}', but a path reaches it without passing an approval node{(path.Length > 0 ? $": {path}" : " (through an onError route)")}",
            "Put an 'approval' node on every path before it (and route rejections elsewhere), or lower the tool's risk if it is safe.");
    }

    private static bool IsGuarded(GraphScope scope, int index)
    {
        for (var (s, available) = (scope, scope.AvailableIn[index]); s is not null;)
        {
            for (var i = 0; i < s.Nodes.Length; i++)
            {
                if (available[i] && s.Nodes[i].Kind == NodeKind.Approval)
                {
                    return true;
                }
            }

            if (s.Owner is null || s.Parent is null)
            {
                return false;
            }

            available = s.Parent.AvailableIn[s.Parent.Index[s.Owner.Id]];
            s = s.Parent;
        }

        return false;
    }

    /// <summary>A shortest path from the scope's start to <paramref name="target"/> that passes no approval node.</summary>
    private static string WitnessPath(GraphScope scope, int target)
    {
        if (scope.Start < 0 || scope.Nodes[scope.Start].Kind == NodeKind.Approval)
        {
            return string.Empty;
        }

        var previous = new int[scope.Nodes.Length];
        Array.Fill(previous, -2);
        previous[scope.Start] = -1;
        var queue = new Queue<int>([scope.Start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node == target)
            {
                var ids = new List<string>();
                for (var n = target; n >= 0; n = previous[n])
                {
                    ids.Add(scope.Nodes[n].Id);
                }

                ids.Reverse();
                var prefix = scope.Owner is null ? string.Empty : $"(inside map '{scope.Owner.Id}') ";
                return prefix + string.Join(" -> ", ids);
            }

            foreach (var (to, _) in scope.Edges[node])
            {
                if (previous[to] == -2 && scope.Nodes[to].Kind != NodeKind.Approval)
                {
                    previous[to] = node;
                    queue.Enqueue(to);
                }
            }
        }

        return string.Empty;
    }

    private void CheckQuorum(ApprovalNode approval)
    {
        var all = approval.Approvers.Concat(approval.Escalate?.To ?? []).ToList();
        if (all.Count == 0 || all.Exists(a => a.Kind == ApproverKind.Role))
        {
            return;
        }

        var users = all.Distinct().Count();
        if (approval.Quorum > users)
        {
            sink.Error(
                DiagnosticCodes.UnsatisfiableQuorum,
                JsonPaths.Property(approval.JsonPath, "quorum"),
                $"approval '{approval.Id}' needs {approval.Quorum} distinct approvers but lists only {users} user(s)",
                "Lower \"quorum\" or add approvers (a \"role:ROLE\" entry admits everyone with that role).");
        }
    }
}
