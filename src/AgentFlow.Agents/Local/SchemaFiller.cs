using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Local;

/// <summary>
/// Builds a JSON value that validates against an output schema (types, required properties, enums, const, min/max,
/// maxLength, min/maxItems, local <c>$ref</c>; the first branch of <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>), filling each
/// property from the content by its name, then its description. See <see cref="LocalLanguageModel"/> for the rules.
/// </summary>
internal sealed partial class SchemaFiller(AnswerBuilder answers, JsonElement root)
{
    private const int MaxDepth = 16;

    private enum Kind { Text, Email, Url, Sentiment, Priority, Category, Title, Html, Keywords, Person, Points, Request }

    /// <summary>Upper bound on sentences in any summary-like value; lowered to fit a token budget.</summary>
    public int SentenceCap { get; set; } = int.MaxValue;

    private string Content => answers.Index.Text;

    /// <summary>Fills <paramref name="schema"/> for a property called <paramref name="name"/>.</summary>
    public JsonNode? Fill(JsonElement schema, string name, int depth = 0)
    {
        schema = Resolve(schema, depth);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return JsonValue.Create(string.Empty);
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return JsonNode.Parse(constant.GetRawText());
        }

        var description = Text(schema, "description");
        var enumValues = schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : [];
        var type = TypeOf(schema, enumValues);
        if (enumValues.Count > 0)
        {
            var labels = enumValues.Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
            return type == "string" && labels.Count > 0 ? JsonValue.Create(ChooseEnum(labels, KindOf(name, description))) : JsonNode.Parse(enumValues[0].GetRawText());
        }

        return type switch
        {
            "object" => FillObject(schema, depth),
            "array" => FillArray(schema, name, description, depth),
            "boolean" => JsonValue.Create(Boolean(name, description)),
            "integer" => JsonValue.Create((long)Math.Round(Number(schema, name, description), MidpointRounding.AwayFromZero)),
            "number" => JsonValue.Create(Number(schema, name, description)),
            "null" => null,
            _ => JsonValue.Create(String(schema, name, description)),
        };
    }

    private JsonObject FillObject(JsonElement schema, int depth)
    {
        var result = new JsonObject();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                result[property.Name] = depth >= MaxDepth ? null : Fill(property.Value, property.Name, depth + 1);
            }
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!))
            {
                result[name] ??= JsonValue.Create(string.Empty);
            }
        }

        return result;
    }

    private JsonArray FillArray(JsonElement schema, string name, string description, int depth)
    {
        var items = schema.TryGetProperty("items", out var i) ? Resolve(i, depth) : default;
        var itemType = items.ValueKind == JsonValueKind.Object ? TypeOf(items, []) : "string";
        var kind = KindOf(name, description);
        var max = Int(schema, "maxItems") ?? answers.Prompt.ItemCount ?? (kind == Kind.Keywords ? AnswerBuilder.DefaultKeywords : AnswerBuilder.DefaultSentences);
        IEnumerable<JsonNode?> values = depth >= MaxDepth ? [] : (itemType, kind) switch
        {
            ("object" or "array", _) => [Fill(items, name, depth + 1)],
            (_, _) when items.ValueKind == JsonValueKind.Object && items.TryGetProperty("enum", out _) => [Fill(items, name, depth + 1)],
            ("number" or "integer", _) => ContentFields.BodyNumbers(Content).Select(n => itemType == "integer" ? JsonValue.Create((long)n) : JsonValue.Create(n)),
            ("string", Kind.Email) => ContentFields.Emails(Content).Select(Str),
            ("string", Kind.Url) => ContentFields.Urls(Content).Select(Str),
            ("string", Kind.Points) => ExtractiveSummarizer.Select(answers.Index, Math.Min(max, SentenceCap), null).Select(s => Str(s.Text)),
            ("string", _) => answers.Keywords(max).Select(Str),
            _ => [],
        };
        var list = values.Take(max).ToList();
        while (list.Count < (Int(schema, "minItems") ?? 0) && depth < MaxDepth)
        {
            list.Add(Fill(items, name, depth + 1));
        }

        return [.. list];
    }

    private string String(JsonElement schema, string name, string description)
    {
        var kind = KindOf(name, description);
        var field = kind is Kind.Html or Kind.Keywords or Kind.Points ? null : ContentFields.FieldValue(Content, name);
        var sentences = Math.Min(PromptParser.SentenceCount(description) ?? answers.Prompt.SentenceCount ?? AnswerBuilder.DefaultSentences, SentenceCap);
        var value = kind switch
        {
            Kind.Email => ContentFields.Email(field ?? Content) ?? ContentFields.Email(Content) ?? string.Empty,
            Kind.Url => ContentFields.Urls(field ?? Content).FirstOrDefault() ?? string.Empty,
            Kind.Sentiment => ContentFields.Sentiment(Content),
            Kind.Priority => ContentFields.IsUrgent(Content) ? "high" : "normal",
            Kind.Category => field ?? answers.Classify(),
            Kind.Title => field ?? answers.Title(),
            Kind.Html => answers.Html(sentences, null),
            Kind.Keywords => string.Join(", ", answers.Keywords(answers.Prompt.ItemCount ?? AnswerBuilder.DefaultKeywords)),
            Kind.Person => field ?? ContentFields.SenderName(Content) ?? answers.Prompt.Name ?? string.Empty,
            Kind.Request => field ?? RequestRestater.Restate(answers.Index.Sentences) ?? answers.Summary(1, null),
            _ => field ?? answers.Summary(sentences, null),
        };

        if (StartsWith().Match(description) is { Success: true } prefix && !value.StartsWith(prefix.Groups["p"].Value, StringComparison.OrdinalIgnoreCase))
        {
            value = prefix.Groups["p"].Value + value;
        }

        var maxLength = Int(schema, "maxLength") ?? (MaxChars().Match(description) is { Success: true } m ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : null);
        return maxLength is { } limit && value.Length > limit ? Cut(value, limit) : value;
    }

    private string ChooseEnum(List<string> labels, Kind kind)
    {
        string[] preferred = kind switch
        {
            Kind.Sentiment => [ContentFields.Sentiment(Content)],
            Kind.Priority when ContentFields.IsUrgent(Content) => ["urgent", "high", "critical", "p1"],
            Kind.Priority => ["normal", "medium", "low", "p3"],
            _ => [],
        };
        return preferred.Select(p => labels.FirstOrDefault(l => string.Equals(l, p, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(l => l is not null)
            ?? answers.Choose(labels);
    }

    private bool Boolean(string name, string description)
    {
        if (ContentFields.SenderDomainRule(description, Content) is { } bySender)
        {
            return bySender;
        }

        var words = TextAnalysis.IdentifierWords(name);
        if (UrgencyCue().IsMatch(string.Join(" ", words) + " " + description))
        {
            return ContentFields.IsUrgent(Content);
        }

        var terms = words.Where(w => !BooleanFiller().IsMatch(w)).SelectMany(TextAnalysis.Terms).ToList();
        return terms.Count > 0 && terms.All(t => answers.Index.Frequency(t) > 0);
    }

    private double Number(JsonElement schema, string name, string description)
    {
        var cues = string.Join(" ", TextAnalysis.IdentifierWords(name)) + " " + description.ToLowerInvariant();
        var value = ContentFields.FieldValue(Content, name) is { } field ? ContentFields.Numbers(field).Cast<double?>().FirstOrDefault()
            : AmountCue().IsMatch(cues) ? ContentFields.Amount(Content)
            : CountCue().IsMatch(cues) ? ContentFields.BodyNumbers(Content).Cast<double?>().FirstOrDefault()
            : null;
        var number = value ?? 0;
        number = Double(schema, "maximum") is { } max && number > max ? max : number;
        return Double(schema, "minimum") is { } min && number < min ? min : number;
    }

    private static JsonValue Str(string value) => JsonValue.Create(value)!;

    private static string Cut(string value, int limit)
    {
        var cut = value[..limit];
        var space = cut.LastIndexOf(' ');
        return (space > limit / 2 ? cut[..space] : cut).TrimEnd(',', ';', ':', ' ', '-');
    }
}
