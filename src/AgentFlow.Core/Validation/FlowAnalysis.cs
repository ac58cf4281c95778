using System.Collections;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Validation;

/// <summary>Builds a scope's edges and reports graph errors: missing targets, dead transitions, unreachable nodes, bad fork/joins and unbounded cycles.</summary>
internal static class FlowAnalysis
{
    public static void Run(GraphScope scope, DiagnosticSink sink, string where)
    {
        if (scope.Start < 0 && scope.StartId.Length > 0)
        {
            sink.Error(DiagnosticCodes.UnknownStartNode, scope.StartPath, $"{where} starts at '{scope.StartId}', which is not a node", Suggestions.Hint(scope.StartId, scope.Index.Keys, "nodes"));
        }

        for (var i = 0; i < scope.Nodes.Length; i++)
        {
            AddEdges(scope, i, sink);
        }

        foreach (var (p, _) in scope.Parallels.ToList())
        {
            CheckParallel(scope, p, sink);
        }

        scope.Reachable = Reach(scope);
        for (var i = 0; i < scope.Nodes.Length; i++)
        {
            if (!scope.Reachable[i] && scope.Start >= 0)
            {
                var node = scope.Nodes[i];
                sink.Error(DiagnosticCodes.UnreachableNode, node.JsonPath, $"node '{node.Id}' is unreachable: no path from '{scope.StartId}' leads to it", "Point a 'next' at it, or delete it.");
            }
        }

        CycleCheck.Run(scope, sink);
    }

    private static void AddEdges(GraphScope scope, int i, DiagnosticSink sink)
    {
        var node = scope.Nodes[i];
        if (scope.IsTerminal(i) && node.Next.Count > 0)
        {
            sink.Error(DiagnosticCodes.TerminalWithNext, node.Next[0].JsonPath, $"node '{node.Id}' is of kind '{NodeKinds.ToJson(node.Kind)}', which ends the path, but has a 'next'", "Remove \"next\", or change the kind.");
        }

        if (node is ParallelNode && node.Next.Count > 0)
        {
            sink.Error(DiagnosticCodes.InvalidParallel, node.Next[0].JsonPath, $"parallel node '{node.Id}' has a 'next', but a parallel continues at its 'join' once every branch has ended", "Remove \"next\" and put the continuation after the join node.");
        }

        if (node is SwitchNode && !node.Next.Any(t => t.When is not null))
        {
            sink.Error(DiagnosticCodes.SwitchWithoutConditions, node.JsonPath, $"switch node '{node.Id}' has no conditional transition", "Give it \"next\": [ { \"when\": \"<condition>\", \"to\": \"<id>\" }, { \"to\": \"<fallback>\" } ].");
        }

        for (var t = 0; t < node.Next.Count; t++)
        {
            var transition = node.Next[t];
            if (t > 0 && node.Next[t - 1].When is null)
            {
                sink.Error(DiagnosticCodes.UnreachableTransition, transition.JsonPath, $"transition {t + 1} of node '{node.Id}' can never be taken: the one before it has no 'when'", "Only the last transition may omit \"when\"; reorder them.");
            }

            AddEdge(scope, i, transition.To, transition.JsonPath, EdgeKind.Next, "next", sink);
        }

        if (node.OnError is { } onError)
        {
            AddEdge(scope, i, onError, node.OnErrorPath!, EdgeKind.OnError, "onError", sink);
        }

        if (node is ParallelNode parallel)
        {
            for (var b = 0; b < parallel.Branches.Count; b++)
            {
                AddEdge(scope, i, parallel.Branches[b], parallel.BranchPaths[b], EdgeKind.Branch, "branch", sink);
            }

            if (parallel.Join.Length > 0 && AddEdge(scope, i, parallel.Join, JsonPathOf(parallel, "join"), EdgeKind.Fork, "join", sink) is { } join)
            {
                scope.Parallels[i] = (join, []);
            }
        }
    }

    private static int? AddEdge(GraphScope scope, int from, string to, string path, EdgeKind kind, string what, DiagnosticSink sink)
    {
        if (scope.Index.TryGetValue(to, out var target))
        {
            scope.Edges[from].Add((target, kind));
            return target;
        }

        var node = scope.Nodes[from];
        var hint = scope.Owner is null
            ? Suggestions.Hint(to, scope.Index.Keys, "nodes")
            : $"Inside map '{scope.Owner.Id}' only its own nodes can be targets. {Suggestions.Hint(to, scope.Index.Keys, "nodes")}";
        sink.Error(DiagnosticCodes.DanglingReference, path, $"{what} of node '{node.Id}' goes to '{to}', which is not a node{(scope.Owner is null ? string.Empty : $" of map '{scope.Owner.Id}'")}", hint);
        return null;
    }

    private static void CheckParallel(GraphScope scope, int p, DiagnosticSink sink)
    {
        var parallel = (ParallelNode)scope.Nodes[p];
        var join = scope.Parallels[p].Join;
        var ends = new List<List<int>>();
        foreach (var (branch, kind) in scope.Edges[p].ToList())
        {
            if (kind != EdgeKind.Branch)
            {
                continue;
            }

            if (branch == join)
            {
                sink.Error(DiagnosticCodes.InvalidParallel, parallel.JsonPath, $"parallel node '{parallel.Id}' has its join '{parallel.Join}' as a branch", "A branch must start at a node before the join.");
                continue;
            }

            var region = Region(scope, branch, join);
            if (region[p])
            {
                sink.Error(DiagnosticCodes.InvalidParallel, parallel.JsonPath, $"branch '{scope.Nodes[branch].Id}' of parallel node '{parallel.Id}' leads back to '{parallel.Id}'", "A branch must end (no 'next', or 'next' to the join) before the join.");
                continue;
            }

            var branchEnds = new List<int>();
            for (var n = 0; n < region.Length; n++)
            {
                // A nested parallel has no 'next' either, but continues at its own join.
                if (!region[n] || scope.Nodes[n].Kind is NodeKind.Fail or NodeKind.Parallel)
                {
                    continue;
                }

                var edges = scope.Edges[n];
                if (scope.Nodes[n].Next.Count == 0 || edges.Exists(e => e.To == join && e.Kind == EdgeKind.Next))
                {
                    branchEnds.Add(n);
                    scope.Edges[n].RemoveAll(e => e.To == join && e.Kind == EdgeKind.Next);
                    scope.Edges[n].Add((join, EdgeKind.BranchEnd));
                }
            }

            if (branchEnds.Count == 0)
            {
                sink.Error(DiagnosticCodes.InvalidParallel, parallel.JsonPath, $"branch '{scope.Nodes[branch].Id}' of parallel node '{parallel.Id}' never ends, so join '{parallel.Join}' is never reached", "End the branch with a node without 'next' (or 'next' to the join).");
            }

            ends.Add(branchEnds);
        }

        scope.Parallels[p] = (join, ends);
    }

    /// <summary>
    /// Nodes of a branch: reachable from <paramref name="from"/> without passing <paramref name="stop"/>. A nested
    /// parallel is stepped over to its own join, so its branches belong to it and not to this branch.
    /// </summary>
    private static BitArray Region(GraphScope scope, int from, int stop)
    {
        var seen = new BitArray(scope.Nodes.Length);
        var queue = new Queue<int>();
        seen[from] = true;
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            foreach (var (to, kind) in scope.Edges[queue.Dequeue()])
            {
                if (kind is EdgeKind.Branch or EdgeKind.BranchEnd)
                {
                    continue;
                }

                if (to != stop && !seen[to])
                {
                    seen[to] = true;
                    queue.Enqueue(to);
                }
            }
        }

        return seen;
    }

    private static BitArray Reach(GraphScope scope)
    {
        var seen = new BitArray(scope.Nodes.Length);
        if (scope.Start < 0)
        {
            return seen;
        }

        var stack = new Stack<int>();
        seen[scope.Start] = true;
        stack.Push(scope.Start);
        while (stack.Count > 0)
        {
            foreach (var (to, _) in scope.Edges[stack.Pop()])
            {
                if (!seen[to])
                {
                    seen[to] = true;
                    stack.Push(to);
                }
            }
        }

        return seen;
    }

    private static string JsonPathOf(WorkflowNode node, string property) => Json.JsonPaths.Property(node.JsonPath, property);
}
