using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Running;

/// <summary>
/// The feedback section of <c>agentflow show</c>: one line per approval decision that carried a comment or edits
/// (<c>review: rejected by alice: "..."</c>), then one indented line per edited field.
/// </summary>
internal static class FeedbackText
{
    private const int MaxValueChars = 60;

    public static async Task WriteAsync(TextWriter output, IReadOnlyList<JsonObject> feedback)
    {
        if (feedback.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync("feedback:").ConfigureAwait(false);
        foreach (var record in feedback)
        {
            var comment = Text(record["comment"]) is { Length: > 0 } c ? $": \"{c}\"" : string.Empty;
            await output.WriteLineAsync($"  {Text(record["node"])}: {Text(record["decision"])} by {Text(record["by"])}{comment}").ConfigureAwait(false);
            foreach (var edit in record["edits"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                await output.WriteLineAsync($"    edited {Text(edit["field"])}: {Short(edit["before"])} -> {Short(edit["after"])}").ConfigureAwait(false);
            }
        }
    }

    private static string Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "-";

    private static string Short(JsonNode? value)
    {
        var json = (value?.ToJsonString() ?? "null").ReplaceLineEndings(" ");
        return json.Length > MaxValueChars ? json[..(MaxValueChars - 3)] + "..." : json;
    }
}
