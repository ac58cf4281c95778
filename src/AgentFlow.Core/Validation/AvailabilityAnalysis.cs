namespace AgentFlow.Core.Validation;

/// <summary>
/// Forward "must have run" dataflow: for each node, the nodes whose output exists on every path that reaches it.
/// A failed node (<c>onError</c> route) contributes nothing; a join receives every branch's guaranteed nodes.
/// </summary>
internal static class AvailabilityAnalysis
{
    public static void Run(GraphScope scope)
    {
        var count = scope.Nodes.Length;
        var predecessors = new List<(int From, EdgeKind Kind)>[count];
        for (var i = 0; i < count; i++)
        {
            predecessors[i] = [];
        }

        for (var from = 0; from < count; from++)
        {
            foreach (var (to, kind) in scope.Edges[from])
            {
                predecessors[to].Add((from, kind));
            }
        }

        var joins = scope.Parallels.GroupBy(p => p.Value.Join).ToDictionary(g => g.Key, g => g.Select(p => (Fork: p.Key, p.Value.BranchEnds)).ToList());

        // Every set starts full (nothing ruled out yet) except the start's, which is empty; one table for all of them,
        // updated in place, so an iteration costs no allocation and a comparison no copy.
        var available = new NodeSetTable(count, full: true);
        if (scope.Start >= 0 && scope.Start < count)
        {
            available.Row(scope.Start).Clear();
        }

        scope.AvailableIn = available;
        var order = ReversePostOrder(scope);
        var next = new ulong[available.Words];
        bool changed;
        do
        {
            changed = false;
            foreach (var node in order)
            {
                if (node == scope.Start)
                {
                    continue;
                }

                if (Meet(scope, node, predecessors[node], joins, next) && !next.AsSpan().SequenceEqual(available.Row(node)))
                {
                    next.CopyTo(available.Row(node));
                    changed = true;
                }
            }
        }
        while (changed);
    }

    /// <summary>The meet over the node's incoming edges, into <paramref name="result"/>; false when it has none.</summary>
    private static bool Meet(
        GraphScope scope, int node, List<(int From, EdgeKind Kind)> predecessors, Dictionary<int, List<(int Fork, List<List<int>> BranchEnds)>> joins, ulong[] result)
    {
        var any = false;
        void Intersect(NodeSet value)
        {
            if (!any)
            {
                any = true;
                value.Row.CopyTo(result);
                if (value.Extra >= 0)
                {
                    result[value.Extra >> 6] |= 1UL << (value.Extra & 63);
                }
            }
            else
            {
                value.IntersectInto(result);
            }
        }

        foreach (var (from, kind) in predecessors)
        {
            switch (kind)
            {
                case EdgeKind.Next or EdgeKind.Branch:
                    Intersect(scope.AvailableOut(from));
                    break;
                case EdgeKind.OnError:
                    Intersect(scope.AvailableIn[from]);
                    break;
            }
        }

        if (joins.TryGetValue(node, out var forks))
        {
            foreach (var (fork, branches) in forks)
            {
                var joined = scope.AvailableOut(fork).ToArray();
                foreach (var ends in branches)
                {
                    ulong[]? branch = null;
                    foreach (var end in ends)
                    {
                        if (branch is null)
                        {
                            branch = scope.AvailableOut(end).ToArray();
                        }
                        else
                        {
                            scope.AvailableOut(end).IntersectInto(branch);
                        }
                    }

                    if (branch is not null)
                    {
                        for (var w = 0; w < joined.Length; w++)
                        {
                            joined[w] |= branch[w];
                        }
                    }
                }

                Intersect(NodeSet.Of(joined));
            }
        }

        return any;
    }

    private static List<int> ReversePostOrder(GraphScope scope)
    {
        var count = scope.Nodes.Length;
        var visited = new bool[count];
        var post = new List<int>(count);
        var work = new Stack<(int Node, int Edge)>();
        var roots = scope.Start >= 0 ? new[] { scope.Start }.Concat(Enumerable.Range(0, count)) : Enumerable.Range(0, count);
        foreach (var root in roots)
        {
            if (visited[root])
            {
                continue;
            }

            visited[root] = true;
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge < scope.Edges[node].Count)
                {
                    work.Push((node, edge + 1));
                    var to = scope.Edges[node][edge].To;
                    if (!visited[to])
                    {
                        visited[to] = true;
                        work.Push((to, 0));
                    }
                }
                else
                {
                    post.Add(node);
                }
            }
        }

        post.Reverse();
        return post;
    }
}
