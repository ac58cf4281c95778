using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Replay;

/// <summary>
/// Which nodes a patch changed, comparing the workflow's JSON before and after: a node whose own JSON differs (a map
/// node without its body, whose nodes count by themselves), and the nodes that use a changed agent, model, tool or
/// source. A change no node can be blamed for (<c>start</c>, <c>guardrails</c>, <c>budget</c>, ...) changes the run
/// from its start; a change of <c>output</c>, names and descriptions changes no node (the output is rendered anew).
/// </summary>
internal static class WorkflowChanges
{
    /// <summary>Top-level members that change no node.</summary>
    private static readonly HashSet<string> Inert = new(StringComparer.Ordinal) { "$schema", "name", "version", "description", "output", "inputs", "triggers", "nodes", "agents", "models", "tools", "sources" };

    /// <summary>The changed node ids (in the patched workflow), and whether the change reaches back to the start.</summary>
    public static (IReadOnlyList<string> Nodes, bool FromStart) Compare(JsonObject before, JsonObject after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var fromStart = before.Select(p => p.Key).Union(after.Select(p => p.Key))
            .Any(name => !Inert.Contains(name) && !JsonNode.DeepEquals(before[name], after[name]));
        var old = Nodes(before["nodes"] as JsonObject);
        var now = Nodes(after["nodes"] as JsonObject);
        var agents = Changed(before, after, "agents");
        var models = Changed(before, after, "models");
        foreach (var (name, agent) in (after["agents"] as JsonObject) ?? [])
        {
            if (agent?["model"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && models.Contains(agent["model"]!.GetValue<string>()))
            {
                agents.Add(name);
            }
        }

        var tools = Changed(before, after, "tools");
        var sources = Changed(before, after, "sources");
        var changed = now.Where(n => !old.TryGetValue(n.Key, out var was) || !JsonNode.DeepEquals(was, n.Value)
                || Uses(n.Value, "agent", agents) || Uses(n.Value, "tool", tools) || Uses(n.Value, "source", sources) || Offers(n.Value, tools))
            .Select(n => n.Key)
            .ToList();
        return (changed, fromStart);
    }

    /// <summary>Every node by id, map bodies included (an inline body node is <c>MAP.do</c>); a map node without its body.</summary>
    private static Dictionary<string, JsonObject> Nodes(JsonObject? graph)
    {
        var nodes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        Add(graph, nodes);
        return nodes;
    }

    private static void Add(JsonObject? graph, Dictionary<string, JsonObject> nodes)
    {
        foreach (var (id, value) in graph ?? [])
        {
            if (value is not JsonObject node)
            {
                continue;
            }

            if (node["do"] is JsonObject body)
            {
                var own = (JsonObject)node.DeepClone();
                own.Remove("do");
                nodes[id] = own;
                if (body.ContainsKey("kind"))
                {
                    nodes[$"{id}.do"] = body;
                }
                else
                {
                    Add(body["nodes"] as JsonObject, nodes);
                }
            }
            else
            {
                nodes[id] = node;
            }
        }
    }

    private static HashSet<string> Changed(JsonObject before, JsonObject after, string section)
    {
        var old = before[section] as JsonObject ?? [];
        var now = after[section] as JsonObject ?? [];
        return [.. old.Select(p => p.Key).Union(now.Select(p => p.Key)).Where(name => !JsonNode.DeepEquals(old[name], now[name]))];
    }

    private static bool Uses(JsonObject node, string field, HashSet<string> changed) =>
        node[field] is JsonValue v && v.TryGetValue<string>(out var name) && changed.Contains(name);

    /// <summary>An <c>llm</c> node offering a changed tool to its model.</summary>
    private static bool Offers(JsonObject node, HashSet<string> tools) =>
        node["tools"] is JsonArray offered && offered.OfType<JsonValue>().Any(t => t.TryGetValue<string>(out var name) && tools.Contains(name));
}
