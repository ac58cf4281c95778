using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// The feedback record of an approval decision: <c>{ by, decision, comment, edits: [{ field, before, after }], node,
/// run }</c> when the deciders commented or edited shown values; and the memory text and id it is learned under.
/// </summary>
internal static class ApprovalFeedback
{
    /// <summary>Longest shown value quoted whole in a memory text (a long HTML body is cut).</summary>
    private const int MaxQuotedChars = 300;

    /// <summary>The record, or null when the decision carries no comment and no edit.</summary>
    public static JsonObject? Of(string decision, string? by, string? comment, JsonObject shown, JsonObject values, string node, string run)
    {
        var edits = new JsonArray();
        foreach (var (field, before) in shown)
        {
            var after = values[field];
            if (!JsonNode.DeepEquals(before, after))
            {
                edits.Add(new JsonObject { ["field"] = field, ["before"] = before?.DeepClone(), ["after"] = after?.DeepClone() });
            }
        }

        if (string.IsNullOrWhiteSpace(comment) && edits.Count == 0)
        {
            return null;
        }

        return new JsonObject
        {
            ["by"] = by,
            ["decision"] = decision,
            ["comment"] = string.IsNullOrWhiteSpace(comment) ? null : comment,
            ["edits"] = edits,
            ["node"] = node,
            ["run"] = run,
        };
    }

    /// <summary>What the learning agents remember: who decided what, the comment, and each edit (long values cut).</summary>
    public static string Text(JsonObject feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var text = new StringBuilder()
            .Append("Operator feedback on ").Append(Str(feedback["node"])).Append(" (").Append(Str(feedback["decision"]))
            .Append(" by ").Append(Str(feedback["by"]) is { Length: > 0 } by ? by : "an operator").Append("):");
        if (Str(feedback["comment"]) is { Length: > 0 } comment)
        {
            text.Append(' ').Append(comment.Trim());
        }

        foreach (var edit in feedback["edits"]?.AsArray() ?? [])
        {
            text.Append(" Changed ").Append(Str(edit?["field"])).Append(" from ").Append(Quote(edit?["before"])).Append(" to ").Append(Quote(edit?["after"])).Append('.');
        }

        return text.ToString();
    }

    /// <summary>The memory id of one agent's copy of one decision: the same for every retry and replay of the step.</summary>
    public static string MemoryId(string run, string node, int visit, string agent) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{run}/{node}/{visit}/feedback/{agent}")).AsSpan(0, 16));

    /// <summary>The record for the live status: long <c>before</c>/<c>after</c> values are cut (the node's output has them whole).</summary>
    public static JsonObject Preview(JsonObject feedback)
    {
        var preview = (JsonObject)feedback.DeepClone();
        foreach (var edit in preview["edits"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            foreach (var side in new[] { "before", "after" })
            {
                var json = edit[side]?.ToJsonString() ?? "null";
                if (json.Length > ProgressTracker.MaxPreviewChars / 4)
                {
                    edit[side] = $"{json[..(ProgressTracker.MaxPreviewChars / 4)]}... ({json.Length:N0} characters; see the node's output)";
                }
            }
        }

        return preview;
    }

    private static string Str(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;

    private static string Quote(JsonNode? value)
    {
        var text = Str(value).ReplaceLineEndings(" ");
        return $"'{(text.Length > MaxQuotedChars ? text[..MaxQuotedChars] + "..." : text)}'";
    }
}
