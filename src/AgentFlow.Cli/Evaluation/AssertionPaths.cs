using System.Globalization;
using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// Reads an assertion's <c>path</c> from a case's outcome: <c>output.x.y</c>, <c>nodes.&lt;id&gt;.x</c> (the engine's
/// qualified id, e.g. <c>nodes.triage[0].classify.category</c>, or a node id when it ran once) and <c>error</c>.
/// </summary>
internal static class AssertionPaths
{
    /// <summary>The value at <paramref name="path"/>; <c>Found</c> is false when the path leads nowhere.</summary>
    public static (bool Found, JsonNode? Value) Read(CaseOutcome outcome, string path)
    {
        if (path == "error")
        {
            return (true, outcome.Error is null ? null : JsonValue.Create(outcome.Error));
        }

        if (path == "output" || path.StartsWith("output.", StringComparison.Ordinal) || path.StartsWith("output[", StringComparison.Ordinal))
        {
            return outcome.Status == "completed" ? Walk(outcome.Output, path["output".Length..]) : (false, null);
        }

        var rest = path["nodes.".Length..];
        var segments = rest.Split('.');
        for (var take = segments.Length; take > 0; take--)
        {
            var name = string.Join('.', segments.Take(take));
            var key = outcome.Nodes.Keys.FirstOrDefault(k => k == name) ?? outcome.Nodes.Keys.FirstOrDefault(k => NodeIds.Matches(name, k));
            if (key is not null)
            {
                return Walk(outcome.Nodes[key], take == segments.Length ? string.Empty : "." + string.Join('.', segments.Skip(take)));
            }
        }

        return (false, null);
    }

    /// <summary>Follows <c>.name</c> and <c>[index]</c> steps from <paramref name="node"/>.</summary>
    private static (bool Found, JsonNode? Value) Walk(JsonNode? node, string steps)
    {
        var i = 0;
        while (i < steps.Length)
        {
            if (steps[i] == '.')
            {
                var end = steps.IndexOfAny(['.', '['], i + 1);
                var name = steps[(i + 1)..(end < 0 ? steps.Length : end)];
                if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out node))
                {
                    return (false, null);
                }

                i = end < 0 ? steps.Length : end;
            }
            else if (steps[i] == '[')
            {
                var close = steps.IndexOf(']', i);
                if (close < 0 || node is not JsonArray array || !int.TryParse(steps[(i + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= array.Count)
                {
                    return (false, null);
                }

                node = array[index];
                i = close + 1;
            }
            else
            {
                return (false, null);
            }
        }

        return (true, node);
    }
}
