using System.Text.Json;

namespace AgentFlow.Core.Loading;

/// <summary>
/// The structural check of a guard's <c>schema</c> that the language can make without a JSON Schema library (the
/// guard executor compiles it before a run): known <c>type</c> names, <c>properties</c> of schemas, <c>required</c>
/// as names, <c>items</c> a schema, recursively.
/// </summary>
internal static class GuardSchemaShape
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "object", "array", "string", "number", "integer", "boolean", "null" };

    /// <summary>The first problem found, naming where, or null.</summary>
    public static string? Problem(JsonElement schema, string at = "the schema", int depth = 0)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return null;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return $"{at} is {ObjectReader.Describe(schema)}, not a schema object";
        }

        if (depth > 32)
        {
            return $"{at} nests deeper than 32 levels";
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().ToList() : [type];
            if (names.FirstOrDefault(n => n.ValueKind != JsonValueKind.String || !Types.Contains(n.GetString()!)) is { ValueKind: not JsonValueKind.Undefined } bad)
            {
                return $"'type' of {at} is {bad.GetRawText()}; JSON Schema types are {string.Join(", ", Types)}";
            }
        }

        if (schema.TryGetProperty("required", out var required)
            && (required.ValueKind != JsonValueKind.Array || required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String)))
        {
            return $"'required' of {at} must be an array of property names";
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            if (properties.ValueKind != JsonValueKind.Object)
            {
                return $"'properties' of {at} must be an object of schemas";
            }

            foreach (var property in properties.EnumerateObject())
            {
                if (Problem(property.Value, $"property '{property.Name}'", depth + 1) is { } problem)
                {
                    return problem;
                }
            }
        }

        return schema.TryGetProperty("items", out var items) ? Problem(items, $"'items' of {at}", depth + 1) : null;
    }
}
