using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Running;

/// <summary>
/// An approval's shown values as the CLI prints them, each field marked <c>[untrusted]</c> when the workflow's trust
/// analysis says a third party (retrieved text, a tool's answer, a mail, a model that read one) can write it.
/// </summary>
internal static class ShownText
{
    /// <summary>The mark printed next to an untrusted field.</summary>
    public const string Mark = "[untrusted]";

    /// <summary>One line per field: <c>subject [untrusted]: "..."</c> (values over <paramref name="width"/> characters cut).</summary>
    public static IEnumerable<string> Lines(JsonNode? show, IReadOnlyList<string>? untrusted, int width = 100) =>
        Fields(show).Select(f => $"{Name(f.Key, untrusted)}: {Cut(f.Value, width)}");

    /// <summary>The fields on one line for a table cell: <c>subject [untrusted]: "..."; note: "fixed"</c>, each value cut short.</summary>
    public static string Summary(JsonNode? show, IReadOnlyList<string>? untrusted)
    {
        var fields = Fields(show).ToList();
        return fields.Count == 0 ? "{}" : string.Join("; ", fields.Select(f => $"{Name(f.Key, untrusted)}: {Cut(f.Value, 30)}"));
    }

    private static JsonObject Fields(JsonNode? show) => show as JsonObject ?? [];

    private static string Name(string key, IReadOnlyList<string>? untrusted) =>
        untrusted?.Contains(key, StringComparer.Ordinal) == true ? $"{key} {Mark}" : key;

    private static string Cut(JsonNode? value, int width)
    {
        var json = (value?.ToJsonString() ?? "null").ReplaceLineEndings(" ");
        return json.Length > width ? json[..(width - 3)] + "..." : json;
    }
}
