using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Replay;

/// <summary>One difference inside two JSON values: where, and the value on each side (null when absent).</summary>
/// <param name="Path">Where, as members and indexes from the value's root (<c>text</c>, <c>items[2].label</c>); <c>$</c> for the whole value.</param>
/// <param name="Original">The original run's value there.</param>
/// <param name="Fork">The fork's value there.</param>
public sealed record JsonChange(string Path, JsonNode? Original, JsonNode? Fork)
{
    /// <summary>The differences between <paramref name="original"/> and <paramref name="fork"/>, leaf by leaf, at most <paramref name="max"/>.</summary>
    public static List<JsonChange> Between(JsonNode? original, JsonNode? fork, int max = 50)
    {
        var changes = new List<JsonChange>();
        Walk(string.Empty, original, fork, changes, max);
        return changes;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, List<JsonChange> changes, int max)
    {
        if (changes.Count >= max || JsonNode.DeepEquals(a, b))
        {
            return;
        }

        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var name in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
            {
                Walk(path.Length == 0 ? name : $"{path}.{name}", oa[name], ob[name], changes, max);
            }
        }
        else if (a is JsonArray la && b is JsonArray lb && la.Count == lb.Count)
        {
            for (var i = 0; i < la.Count; i++)
            {
                Walk($"{path}[{i}]", la[i], lb[i], changes, max);
            }
        }
        else
        {
            changes.Add(new JsonChange(path.Length == 0 ? "$" : path, a?.DeepClone(), b?.DeepClone()));
        }
    }
}
