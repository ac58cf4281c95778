using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Local;

/// <summary>Reading schema keywords and recognising what a property is for.</summary>
internal sealed partial class SchemaFiller
{
    // Checked in order against the property name first, then its description; the first match decides.
    private static readonly (Kind Kind, Regex Cue)[] Cues =
    [
        (Kind.Html, Cue("html")),
        (Kind.Request, Cue("request|requests|asks? for|asked for")),
        (Kind.Text, Cue("summary|text|body|content|description|rationale|reason|explanation|answer|message|details|notes|comment")),
        (Kind.Person, Cue("name|author")),
        (Kind.Email, Cue("e-?mails?|mail address(?:es)?|sender|reply to|recipients?")),
        (Kind.Url, Cue("urls?|links?|href|uri|website|source")),
        (Kind.Sentiment, Cue("sentiment|tone|mood")),
        (Kind.Priority, Cue("priority|urgency|severity")),
        (Kind.Keywords, Cue("keywords?|tags?|topics|hashtags|key terms|entities")),
        (Kind.Points, Cue("points|highlights|sentences|bullets|facts|findings|takeaways|items")),
        (Kind.Title, Cue("subject|title|headline|heading|caption")),
        (Kind.Category, Cue("category|label|intent|class|classification|department|queue|topic|kind|type")),
    ];

    private static Kind KindOf(string name, string description)
    {
        var words = " " + string.Join(" ", TextAnalysis.IdentifierWords(name)) + " ";
        foreach (var text in (string[])[words, " " + description.ToLowerInvariant() + " "])
        {
            foreach (var (kind, cue) in Cues)
            {
                if (cue.IsMatch(text))
                {
                    return kind;
                }
            }
        }

        return Kind.Text;
    }

    private static Regex Cue(string alternatives) =>
        new(@"\b(?:" + alternatives + @")\b", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static string TypeOf(JsonElement schema, List<JsonElement> enumValues)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var names = (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().ToList() : [type])
                .Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()).ToList();
            return names.FirstOrDefault(n => n is not null and not "null") ?? names.FirstOrDefault() ?? "string";
        }

        return schema.TryGetProperty("properties", out _) ? "object"
            : schema.TryGetProperty("items", out _) ? "array"
            : enumValues.Count > 0 ? enumValues[0].ValueKind switch
            {
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "string",
            }
            : "string";
    }

    /// <summary>Follows a local <c>$ref</c> and takes the first branch of <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>.</summary>
    private JsonElement Resolve(JsonElement schema, int depth)
    {
        for (var hops = 0; hops < MaxDepth && depth < MaxDepth && schema.ValueKind == JsonValueKind.Object && !schema.TryGetProperty("type", out _); hops++)
        {
            if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } pointer && pointer.StartsWith('#'))
            {
                schema = Pointer(pointer);
            }
            else if (((string[])["anyOf", "oneOf", "allOf"]).Select(k => schema.TryGetProperty(k, out var b) ? b : default)
                .FirstOrDefault(b => b.ValueKind == JsonValueKind.Array && b.GetArrayLength() > 0) is { ValueKind: JsonValueKind.Array } branches)
            {
                schema = branches[0];
            }
            else
            {
                break;
            }
        }

        return schema;
    }

    private JsonElement Pointer(string pointer)
    {
        var node = root;
        foreach (var part in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = Uri.UnescapeDataString(part).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(key, out node))
            {
                return default;
            }
        }

        return node;
    }

    private static string Text(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static int? Int(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.TryGetInt32(out var n) ? n : null;

    private static double? Double(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    [GeneratedRegex(@"\bstart(?:s|ing)?\s+with\s+['""“‘](?<p>[^'""”’]+)['""”’]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StartsWith();

    [GeneratedRegex(@"\b(?:at most|up to|no more than|max(?:imum)?(?: of)?|under)\s+(?<n>\d{1,5})\s+(?:characters|chars)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaxChars();

    [GeneratedRegex(@"\b(?:urgent|urgency|asap|important|escalat\w*|priority)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrgencyCue();

    [GeneratedRegex(@"^(?:is|has|have|needs?|requires?|should|contains?|mentions?|includes?|was|can|any|flag)$", RegexOptions.CultureInvariant)]
    private static partial Regex BooleanFiller();

    [GeneratedRegex(@"\b(?:amount|total|price|cost|sum|fee|paid|balance|refund|charge)\w*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountCue();

    [GeneratedRegex(@"\b(?:count|number|quantity|qty|age|years?|days|hours|minutes|percent|size)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountCue();
}
