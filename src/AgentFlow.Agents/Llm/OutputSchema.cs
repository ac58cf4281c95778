using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// A node's <c>output</c> JSON Schema, compiled once (JsonSchema.Net), and the checks of a model's answer against it.
/// </summary>
internal sealed class OutputSchema
{
    private const int MaxErrors = 10;
    private static readonly ConcurrentDictionary<string, OutputSchema> Compiled = new(StringComparer.Ordinal);

    private readonly JsonSchema _schema;

    private OutputSchema(JsonElement source, JsonSchema schema)
    {
        Source = source;
        _schema = schema;
    }

    /// <summary>The schema as written in the workflow.</summary>
    public JsonElement Source { get; }

    /// <summary>Whether the schema's root asks for an object (OpenAI's json_schema response format requires one).</summary>
    public bool IsObject => Source.ValueKind == JsonValueKind.Object && Source.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object";

    /// <summary>The compiled schema, or <see langword="null"/> and why JsonSchema.Net cannot use it.</summary>
    public static OutputSchema? TryFor(JsonElement schema, out string? problem)
    {
        try
        {
            problem = null;
            return For(schema);
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            problem = ex.Message;
            return null;
        }
    }

    private static OutputSchema For(JsonElement schema)
    {
        var text = schema.GetRawText();
        return Compiled.GetOrAdd(text, static (t, s) =>
        {
            // A private registry per schema: two workflows may use the same $id for different schemas.
            var built = JsonSchema.FromText(t, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            return new OutputSchema(s.Clone(), built);
        }, schema);
    }

    /// <summary>
    /// Parses <paramref name="answer"/> as JSON (a surrounding Markdown code fence is tolerated) and validates it.
    /// Returns the value, or the first errors as <c>/json/pointer: message</c> lines.
    /// </summary>
    public (JsonNode? Value, IReadOnlyList<string> Errors) Check(string? answer)
    {
        var text = StripFence(answer ?? string.Empty);
        if (text.Length == 0)
        {
            return (null, ["the answer is empty, not JSON"]);
        }

        JsonNode? value;
        try
        {
            value = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            return (null, [$"the answer is not valid JSON: {ex.Message}"]);
        }

        using var document = JsonDocument.Parse(text);
        var results = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return (value, []);
        }

        var errors = new List<string>();
        Collect(results, errors);
        return (value, errors.Count == 0 ? ["the answer does not match the schema"] : errors);
    }

    private static void Collect(EvaluationResults results, List<string> errors)
    {
        if (results.Errors is { Count: > 0 } own)
        {
            var at = results.InstanceLocation.ToString();
            foreach (var (_, message) in own)
            {
                if (errors.Count < MaxErrors)
                {
                    errors.Add($"{(at.Length == 0 ? "/" : at)}: {message}");
                }
            }
        }

        foreach (var detail in results.Details ?? [])
        {
            Collect(detail, errors);
        }
    }

    private static string StripFence(string answer)
    {
        var text = answer.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
        return firstLine < 0 ? text : text[(firstLine + 1)..^3].Trim();
    }
}
