using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Agents.Local;
using Json.Schema;

namespace AgentFlow.Agents.Tests.Local;

public sealed class StructuredOutputTests
{
    private static readonly LocalLanguageModel Model = new();

    private static LocalCompletion Complete(string prompt, string schema, string? instructions = null, int? maxTokens = null) =>
        Model.Complete(new LocalCompletionRequest
        {
            Prompt = prompt,
            Instructions = instructions,
            MaxTokens = maxTokens,
            OutputSchema = JsonDocument.Parse(schema).RootElement.Clone(),
        });

    private static void AssertValid(string schema, LocalCompletion result)
    {
        using var document = JsonDocument.Parse(result.Text);
        var evaluation = JsonSchema.FromText(schema).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, result.Text);
    }

    [Fact]
    public void Complete_TriageSchema_ProducesValidObjectWithRequiredPropertiesAndTypes()
    {
        var result = Complete(Texts.Triage(Texts.DoubleCharge), Texts.TriageSchema, Texts.Triager);

        AssertValid(Texts.TriageSchema, result);
        var json = Assert.IsType<JsonObject>(result.Structured);
        using var schema = JsonDocument.Parse(Texts.TriageSchema);
        foreach (var property in schema.RootElement.GetProperty("properties").EnumerateObject())
        {
            var expected = property.Value.GetProperty("type").GetString() switch
            {
                "string" => JsonValueKind.String,
                "number" or "integer" => JsonValueKind.Number,
                "boolean" => JsonValueKind.True,
                "array" => JsonValueKind.Array,
                _ => JsonValueKind.Object,
            };
            var actual = json[property.Name]!.GetValueKind();
            Assert.Equal(expected, actual == JsonValueKind.False ? JsonValueKind.True : actual);
        }

        Assert.Equal(result.Text, json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void Complete_TriageSchema_FillsValuesFromTheMail()
    {
        var json = Complete(Texts.Triage(Texts.DoubleCharge), Texts.TriageSchema, Texts.Triager).Structured!;

        Assert.Equal("billing", (string?)json["category"]);
        Assert.True((bool)json["external"]!);
        Assert.Equal("maria.lopez@northwind.example.org", (string?)json["replyTo"]);
        Assert.Equal("Charged twice for invoice INV-20931", (string?)json["subject"]);
        Assert.Equal(1480.0, (double)json["amount"]!);
        Assert.Equal("negative", (string?)json["sentiment"]);
        Assert.False((bool)json["urgent"]!);
        Assert.InRange(json["keywords"]!.AsArray().Count, 1, 4);
    }

    [Fact]
    public void Complete_EnumAndCueWords_PickSupportUrgentAndInternalSender()
    {
        var json = Complete(Texts.Triage(Texts.SsoLogin), Texts.TriageSchema, Texts.Triager).Structured!;

        Assert.Equal("support", (string?)json["category"]);
        Assert.True((bool)json["urgent"]!);
        Assert.False((bool)json["external"]!);
    }

    [Fact]
    public void Complete_EnumWithoutAnyMatch_PicksFirstValue()
    {
        const string schema = """{ "type": "object", "properties": { "team": { "type": "string", "enum": ["platform", "mobile", "web"] } }, "required": ["team"] }""";

        var json = Complete("Summarise: The quarterly review moved to Friday afternoon.", schema).Structured!;

        Assert.Equal("platform", (string?)json["team"]);
    }

    [Fact]
    public void Complete_SubjectAndHtmlSchema_EscapesHtmlAndAddsTitle()
    {
        const string schema = """{ "type": "object", "properties": { "subject": { "type": "string", "description": "Subject line, at most 70 characters." }, "html": { "type": "string" } }, "required": ["subject", "html"] }""";
        var prompt = "Write this week's issue.\n\nThe <script> tag & inline styles are now blocked by the mail gateway. "
            + "Marketing mails that use the <script> tag bounce since Monday. The gateway team published a list of allowed tags.";

        var result = Complete(prompt, schema);

        AssertValid(schema, result);
        var html = (string)result.Structured!["html"]!;
        Assert.StartsWith("<h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p>The &lt;script&gt; tag &amp; inline styles", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.InRange(((string)result.Structured["subject"]!).Length, 1, 70);
    }

    [Fact]
    public void Complete_ReplySchema_UsesFieldsAndDescriptionPrefix()
    {
        const string schema = """{ "type": "object", "properties": { "subject": { "type": "string", "description": "Reply subject, starting with 'Re: '." }, "body": { "type": "string", "description": "Two-sentence reply." } }, "required": ["subject", "body"] }""";

        var json = Complete("Draft a reply to this mail.\n\n" + Texts.DoubleCharge, schema).Structured!;

        Assert.Equal("Re: Charged twice for invoice INV-20931", (string?)json["subject"]);
        Assert.Equal(2, TextAnalysis.SplitSentences((string)json["body"]!).Count);
    }

    [Fact]
    public void Complete_NumbersArraysRefsAndConstraints_Validate()
    {
        const string schema = """
            {
              "$defs": { "line": { "type": "object", "properties": { "sku": { "type": "string" }, "qty": { "type": "integer", "minimum": 1 } }, "required": ["sku", "qty"] } },
              "type": "object",
              "properties": {
                "suggestedAmount": { "type": "number", "maximum": 100 },
                "lines": { "type": "array", "items": { "$ref": "#/$defs/line" }, "minItems": 1 },
                "points": { "type": "array", "items": { "type": "string" }, "minItems": 2, "maxItems": 2 },
                "status": { "anyOf": [ { "type": "string", "enum": ["open", "closed"] }, { "type": "null" } ] },
                "version": { "const": 2 },
                "note": { "type": ["string", "null"], "maxLength": 20 }
              },
              "required": ["suggestedAmount", "lines", "points", "status", "version", "note"]
            }
            """;
        var prompt = "Assess this refund request.\n\nOrder: ORD-1042\nRequested amount: 120 EUR\nReason given: The kettle arrived broken. "
            + "The customer sent two photos of the cracked base. The order was delivered nine days ago.";

        var result = Complete(prompt, schema);

        AssertValid(schema, result);
        Assert.Equal(100.0, (double)result.Structured!["suggestedAmount"]!); // 120 from the field, clamped to the maximum
    }

    [Fact]
    public void Complete_StructuredWithSmallMaxTokens_ShortensSummaryButStaysValid()
    {
        const string schema = """{ "type": "object", "properties": { "summary": { "type": "string" } }, "required": ["summary"] }""";

        var full = Complete("Summarise in three sentences.\n\n" + Texts.News, schema);
        var capped = Complete("Summarise in three sentences.\n\n" + Texts.News, schema, maxTokens: 60);

        AssertValid(schema, capped);
        Assert.True(capped.CompletionTokens < full.CompletionTokens);
        Assert.True(capped.CompletionTokens <= 60, capped.Text);
    }

    [Fact]
    public void Complete_EmptyPromptWithSchema_StillValidates()
    {
        var result = Complete(string.Empty, Texts.TriageSchema);

        AssertValid(Texts.TriageSchema, result);
    }
}
