using System.Text.Json;

namespace AgentFlow.Core.Model.Shapes;

/// <summary>
/// The statically known shape of a value a template can read, e.g. a node's output. The validator walks every
/// template path through it (AF310); a path under an <see cref="ShapeKind.Untyped"/> value is always allowed.
/// </summary>
public sealed class ValueShape
{
    private static readonly Dictionary<string, ValueShape> NoProperties = new(StringComparer.Ordinal);

    private ValueShape(ShapeKind kind, IReadOnlyDictionary<string, ValueShape>? properties = null, ValueShape? item = null, bool open = false)
    {
        Kind = kind;
        Properties = properties ?? NoProperties;
        Item = item;
        IsOpen = open;
    }

    /// <summary>A value of unknown shape.</summary>
    public static ValueShape Untyped { get; } = new(ShapeKind.Untyped);

    /// <summary>A string.</summary>
    public static ValueShape Text { get; } = new(ShapeKind.Text);

    /// <summary>A number.</summary>
    public static ValueShape Number { get; } = new(ShapeKind.Number);

    /// <summary>A boolean.</summary>
    public static ValueShape Boolean { get; } = new(ShapeKind.Boolean);

    /// <summary>No output: a node of this shape adds nothing to the run state.</summary>
    public static ValueShape None { get; } = new(ShapeKind.None);

    /// <summary>What is known.</summary>
    public ShapeKind Kind { get; }

    /// <summary>The properties of an object, by name (empty for other kinds).</summary>
    public IReadOnlyDictionary<string, ValueShape> Properties { get; }

    /// <summary>The item shape of a list; null for other kinds.</summary>
    public ValueShape? Item { get; }

    /// <summary>An object that may also hold properties not listed (reads of other names are allowed, untyped).</summary>
    public bool IsOpen { get; }

    /// <summary>An object with exactly <paramref name="properties"/> (or at least them, when <paramref name="open"/>).</summary>
    public static ValueShape Record(IReadOnlyDictionary<string, ValueShape> properties, bool open = false)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new(ShapeKind.Record, new Dictionary<string, ValueShape>(properties, StringComparer.Ordinal), open: open);
    }

    /// <summary>An object of the given properties, in declaration order.</summary>
    public static ValueShape Record(params (string Name, ValueShape Shape)[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return Record(properties.ToDictionary(p => p.Name, p => p.Shape, StringComparer.Ordinal));
    }

    /// <summary>A list of <paramref name="item"/>.</summary>
    public static ValueShape Array(ValueShape item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(ShapeKind.Array, item: item);
    }

    /// <summary>
    /// The shape a JSON Schema promises: an object's <c>properties</c> (closed unless <c>additionalProperties</c> is
    /// given and not <c>false</c>), an array's <c>items</c>, a scalar <c>type</c>. Anything less definite is untyped.
    /// </summary>
    public static ValueShape FromSchema(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Untyped;
        }

        switch (type.GetString())
        {
            case "object":
                if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
                {
                    return Untyped;
                }

                var open = schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind != JsonValueKind.False;
                return Record(properties.EnumerateObject().ToDictionary(p => p.Name, p => FromSchema(p.Value), StringComparer.Ordinal), open);
            case "array":
                return Array(schema.TryGetProperty("items", out var items) ? FromSchema(items) : Untyped);
            case "string": return Text;
            case "number" or "integer": return Number;
            case "boolean": return Boolean;
            default: return Untyped;
        }
    }

    /// <summary>The shape of a JSON literal (not a template): its own type, recursively.</summary>
    public static ValueShape OfLiteral(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => Record(value.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => OfLiteral(g.Last().Value), StringComparer.Ordinal)),
        JsonValueKind.Array => Array(value.GetArrayLength() == 0 ? Untyped : Common(value.EnumerateArray().Select(OfLiteral).ToList())),
        JsonValueKind.String => Text,
        JsonValueKind.Number => Number,
        JsonValueKind.True or JsonValueKind.False => Boolean,
        _ => Untyped,
    };

    /// <summary>
    /// A shape every one of <paramref name="shapes"/> fits: objects merge their properties (a name some lack is
    /// still readable, it gives nil there); differing kinds give untyped.
    /// </summary>
    public static ValueShape Common(IReadOnlyList<ValueShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (shapes.Count == 0 || shapes.Any(s => s.Kind != shapes[0].Kind))
        {
            return Untyped;
        }

        return shapes[0].Kind switch
        {
            ShapeKind.Record => Record(
                shapes.SelectMany(s => s.Properties).GroupBy(p => p.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => Common([.. g.Select(p => p.Value)]), StringComparer.Ordinal),
                shapes.Any(s => s.IsOpen)),
            ShapeKind.Array => Array(Common([.. shapes.Select(s => s.Item ?? Untyped)])),
            _ => shapes[0],
        };
    }

    /// <summary>A short description for messages: <c>object</c>, <c>list</c>, <c>string</c>, ...</summary>
    public string Describe() => Kind switch
    {
        ShapeKind.Record => "object",
        ShapeKind.Array => "list",
        ShapeKind.None => "no output",
        ShapeKind.Text => "string",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
