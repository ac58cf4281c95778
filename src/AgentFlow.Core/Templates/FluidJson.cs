using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid.Values;

namespace AgentFlow.Core.Templates;

/// <summary>Converts between JSON nodes and Liquid values, so a template's single expression keeps its JSON type.</summary>
internal static class FluidJson
{
    public static FluidValue ToFluid(JsonNode? node) => node switch
    {
        null => NilValue.Instance,
        JsonObject o => new DictionaryValue(new JsonFluidIndexable(o)),
        JsonArray a => new ArrayValue([.. a.Select(ToFluid)]),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => StringValue.Create(v.GetValue<string>()),
            JsonValueKind.Number => NumberValue.Create(ToDecimal(v)),
            JsonValueKind.True => BooleanValue.True,
            JsonValueKind.False => BooleanValue.False,
            _ => NilValue.Instance,
        },
        _ => NilValue.Instance,
    };

    public static JsonNode? ToJson(FluidValue value)
    {
        switch (value)
        {
            case NilValue or EmptyValue or BlankValue:
                return null;
            case BooleanValue b:
                return JsonValue.Create(b.ToBooleanValue());
            case NumberValue n:
            {
                var number = n.ToNumberValue();
                return number == decimal.Truncate(number) && number >= long.MinValue && number <= long.MaxValue
                    ? JsonValue.Create((long)number)
                    : JsonValue.Create(number);
            }

            case StringValue s:
                return JsonValue.Create(s.ToStringValue());
            case ArrayValue a:
                return new JsonArray([.. a.Values.Select(ToJson)]);
            case DictionaryValue d when d.ToObjectValue() is JsonFluidIndexable indexable:
                return indexable.Value.DeepClone();
            case DictionaryValue d when d.ToObjectValue() is IFluidIndexable other:
            {
                var result = new JsonObject();
                foreach (var key in other.Keys)
                {
                    result[key] = other.TryGetValue(key, out var item) ? ToJson(item) : null;
                }

                return result;
            }

            default:
                return value.ToObjectValue() switch
                {
                    DateTimeOffset time => JsonValue.Create(time.ToString("O", CultureInfo.InvariantCulture)),
                    DateTime time => JsonValue.Create(time.ToString("O", CultureInfo.InvariantCulture)),
                    _ => JsonValue.Create(value.ToStringValue()),
                };
        }
    }

    private static decimal ToDecimal(JsonValue value)
    {
        if (value.TryGetValue<decimal>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<double>(out var dbl))
        {
            return (decimal)dbl;
        }

        return decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
