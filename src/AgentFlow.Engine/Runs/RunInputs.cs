using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Runs;

/// <summary>Checks a run's inputs against the workflow's declarations and fills in defaults.</summary>
public static class RunInputs
{
    /// <summary>Returns the inputs the run gets: given values (checked) plus defaults.</summary>
    /// <exception cref="RunInputException">An input is unknown, missing, of the wrong type or not one of its allowed values.</exception>
    public static JsonObject Bind(WorkflowDefinition workflow, JsonObject? given)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        given ??= [];
        var problems = new List<string>();
        foreach (var (name, _) in given)
        {
            if (!workflow.Inputs.ContainsKey(name))
            {
                var hint = Suggestions.Closest(name, workflow.Inputs.Keys) is { } close ? $" (did you mean '{close}'?)" : string.Empty;
                var declared = workflow.Inputs.Count == 0 ? "it declares no inputs" : $"declared: {string.Join(", ", workflow.Inputs.Keys)}";
                problems.Add($"unknown input '{name}'{hint}; {declared}");
            }
        }

        var bound = new JsonObject();
        foreach (var (name, input) in workflow.Inputs)
        {
            if (given.TryGetPropertyValue(name, out var value))
            {
                if (Check(input, value) is { } problem)
                {
                    problems.Add($"input '{name}' {problem}");
                }

                bound[name] = value?.DeepClone();
            }
            else if (input.Default is { } fallback)
            {
                bound[name] = JsonNode.Parse(fallback.GetRawText());
            }
            else if (input.Required)
            {
                problems.Add($"missing required input '{name}' ({input.Type}{(input.Description is null ? string.Empty : ": " + input.Description)}); pass --input {name}=VALUE");
            }
        }

        return problems.Count == 0 ? bound : throw new RunInputException(workflow.Name, problems);
    }

    /// <summary>
    /// Parses a command-line value for an input: strings are taken as written; other types are JSON
    /// (<c>3</c>, <c>true</c>, <c>["a","b"]</c>), and an array also accepts comma-separated text (<c>a,b</c>).
    /// Unknown names are kept as strings so <see cref="Bind"/> reports them.
    /// </summary>
    public static JsonNode? ParseValue(WorkflowDefinition workflow, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(text);
        if (!workflow.Inputs.TryGetValue(name, out var input) || input.Type == "string")
        {
            return JsonValue.Create(text);
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return input.Type == "array"
                ? new JsonArray([.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)JsonValue.Create(s))])
                : JsonValue.Create(text);
        }
    }

    private static string? Check(InputDefinition input, JsonNode? value)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        var ok = input.Type switch
        {
            "string" => kind == JsonValueKind.String,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && IsInteger(value!),
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            "object" => kind == JsonValueKind.Object,
            _ => true,
        };
        if (!ok)
        {
            return $"must be {Article(input.Type)} {input.Type}, but got {Describe(value)}";
        }

        if (input.Enum is { Count: > 0 } allowed && !allowed.Any(a => JsonNode.DeepEquals(JsonNode.Parse(a.GetRawText()), value)))
        {
            return $"must be one of {string.Join(", ", allowed.Select(a => a.GetRawText()))}, but got {Describe(value)}";
        }

        return null;
    }

    private static bool IsInteger(JsonNode value) =>
        decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d);

    private static string Article(string type) => type is "array" or "object" or "integer" ? "an" : "a";

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..57] + "..." : text;
    }
}
