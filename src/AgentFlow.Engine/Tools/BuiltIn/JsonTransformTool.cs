using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Engine.Tools.BuiltIn;

/// <summary>
/// <c>json.transform</c>: reshapes JSON without code. Args: <c>input</c> (any, required); then, applied in this order:
/// <c>select</c> (dot path into the input, e.g. <c>order.items</c>), <c>where</c> (object: keep array elements whose
/// fields equal these values), <c>unique</c> (field: keep the first element per value), <c>sortBy</c> (field) with
/// <c>descending</c> (bool), <c>take</c> (integer), <c>pick</c> (field names to keep in each object).
/// Result: <c>{ "result", "count" }</c> (count: array length, or 1 for a non-array).
/// </summary>
public sealed class JsonTransformTool : ICodeTool
{
    /// <inheritdoc />
    public string Name => "json.transform";

    /// <inheritdoc />
    public JsonElement? Output { get; } = JsonDocument.Parse("""
        { "type": "object", "properties": { "result": {}, "count": { "type": "integer" } } }
        """).RootElement.Clone();

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        var args = toolCall.Args;
        if (!args.ContainsKey("input"))
        {
            throw new NodeExecutionException($"{Name}: args.input is required (the JSON to transform)");
        }

        var value = args["input"]?.DeepClone();
        if (Text(args, "select") is { } path)
        {
            value = Select(value, path);
        }

        if (value is JsonArray array)
        {
            IEnumerable<JsonNode?> items = array;
            if (args["where"] is JsonObject where)
            {
                items = items.Where(i => i is JsonObject o && where.All(w => JsonNode.DeepEquals(o[w.Key], w.Value)));
            }

            if (Text(args, "unique") is { } unique)
            {
                items = items.DistinctBy(i => (i as JsonObject)?[unique]?.ToJsonString(), StringComparer.Ordinal);
            }

            if (Text(args, "sortBy") is { } sortBy)
            {
                var comparer = Comparer<JsonNode?>.Create((a, b) => Compare((a as JsonObject)?[sortBy], (b as JsonObject)?[sortBy]));
                items = args["descending"]?.GetValueKind() == JsonValueKind.True ? items.OrderDescending(comparer) : items.Order(comparer);
            }

            if (args["take"] is JsonValue takeValue && takeValue.TryGetValue<int>(out var take))
            {
                items = items.Take(Math.Max(0, take));
            }

            if (args["pick"] is JsonArray pick)
            {
                var fields = pick.Select(p => p?.GetValue<string>()).OfType<string>().ToList();
                items = items.Select(i => i is JsonObject o ? new JsonObject(fields.Where(o.ContainsKey).Select(f => KeyValuePair.Create(f, o[f]?.DeepClone()))) : i);
            }

            value = new JsonArray([.. items.Select(i => i?.DeepClone())]);
        }

        var count = value is JsonArray list ? list.Count : value is null ? 0 : 1;
        return Task.FromResult<JsonNode?>(new JsonObject { ["result"] = value, ["count"] = count });
    }

    private JsonNode? Select(JsonNode? value, string path)
    {
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            value = value switch
            {
                JsonObject o => o.TryGetPropertyValue(segment, out var next) ? next : throw Missing(path, segment),
                JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw Missing(path, segment),
            };
        }

        return value?.DeepClone();
    }

    private NodeExecutionException Missing(string path, string segment) =>
        new($"{Name}: select '{path}': the input has no '{segment}'");

    private static string? Text(JsonObject args, string name) =>
        args[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static int Compare(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue va && b is JsonValue vb && va.TryGetValue<double>(out var da) && vb.TryGetValue<double>(out var db))
        {
            return da.CompareTo(db);
        }

        return string.CompareOrdinal(a?.ToString(), b?.ToString());
    }
}
