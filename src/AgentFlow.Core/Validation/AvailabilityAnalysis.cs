using System.Collections;

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
        var available = new BitArray[count];
        for (var i = 0; i < count; i++)
        {
            available[i] = new BitArray(count, i != scope.Start);
        }

        scope.AvailableIn = available;
        var order = ReversePostOrder(scope);
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

                var next = Meet(scope, node, predecessors[node], joins);
                if (next is not null && !SameBits(next, available[node]))
                {
                    available[node] = next;
                    changed = true;
                }
            }
        }
        while (changed);
    }

    private static BitArray? Meet(GraphScope scope, int node, List<(int From, EdgeKind Kind)> predecessors, Dictionary<int, List<(int Fork, List<List<int>> BranchEnds)>> joins)
    {
        BitArray? result = null;
        void Intersect(BitArray value)
        {
            if (result is null)
            {
                result = new BitArray(value);
            }
            else
            {
                result.And(value);
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
                var joined = scope.AvailableOut(fork);
                foreach (var ends in branches)
                {
                    BitArray? branch = null;
                    foreach (var end in ends)
                    {
                        if (branch is null)
                        {
                            branch = scope.AvailableOut(end);
                        }
                        else
                        {
                            branch.And(scope.AvailableOut(end));
                        }
                    }

                    if (branch is not null)
                    {
                        joined.Or(branch);
                    }
                }

                Intersect(joined);
            }
        }

        return result;
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

    private static bool SameBits(BitArray a, BitArray b)
    {
        var x = new int[(a.Length + 31) / 32];
        var y = new int[x.Length];
        a.CopyTo(x, 0);
        b.CopyTo(y, 0);
        return x.AsSpan().SequenceEqual(y);
    }
}
