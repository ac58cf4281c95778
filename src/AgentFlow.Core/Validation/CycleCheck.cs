using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Validation;

/// <summary>Finds cycles (strongly connected components, iteratively so deep graphs cannot overflow the stack) that pass no node with <c>maxVisits</c>.</summary>
internal static class CycleCheck
{
    public static void Run(GraphScope scope, DiagnosticSink sink)
    {
        foreach (var component in Components(scope))
        {
            var isCycle = component.Count > 1 || scope.Edges[component[0]].Exists(e => e.To == component[0] && e.Kind != EdgeKind.Fork);
            if (!isCycle || component.Exists(n => scope.Nodes[n].MaxVisits is not null))
            {
                continue;
            }

            component.Sort();
            var first = scope.Nodes[component[0]];
            var names = string.Join(" -> ", component.Take(8).Select(n => scope.Nodes[n].Id)) + (component.Count > 8 ? " ..." : string.Empty);
            sink.Error(DiagnosticCodes.UnboundedCycle, first.JsonPath, $"cycle through {names} has no node with 'maxVisits', so it could run forever", $"Add \"maxVisits\" (e.g. 5) to one node of the cycle, such as '{first.Id}'.");
        }
    }

    private static List<List<int>> Components(GraphScope scope)
    {
        var count = scope.Nodes.Length;
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var result = new List<List<int>>();
        var next = 0;
        var work = new Stack<(int Node, int Edge)>();

        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            work.Push((root, 0));
            index[root] = low[root] = next++;
            stack.Push(root);
            onStack[root] = true;

            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                var edges = scope.Edges[node];
                if (edge < edges.Count)
                {
                    work.Push((node, edge + 1));
                    var to = edges[edge].To;
                    if (index[to] < 0)
                    {
                        index[to] = low[to] = next++;
                        stack.Push(to);
                        onStack[to] = true;
                        work.Push((to, 0));
                    }
                    else if (onStack[to])
                    {
                        low[node] = Math.Min(low[node], index[to]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);
                    result.Add(component);
                }
            }
        }

        return result;
    }
}
