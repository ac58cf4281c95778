using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AgentFlow.Server.Links;

/// <summary>
/// Reads the approval page's form back into edits of the shown values, each typed like the value it replaces (a number
/// for a number, true/false for a checkbox, JSON of the same kind for an object or list, text otherwise). Only changed
/// values become edits, so the audit log records what the approver actually changed.
/// </summary>
internal static class ApprovalForm
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The form field of shown value <paramref name="name"/>.</summary>
    public static string FieldName(string name) => "v." + name;

    /// <summary>A shown value as the text of its field: a string as itself, null as empty, anything else as JSON.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(Readable),
    };

    /// <summary>What the form entered, by field name (to fill the form again after an error).</summary>
    public static Dictionary<string, string> Entered(IFormCollection form) =>
        form.Where(f => f.Key.StartsWith("v.", StringComparison.Ordinal) || f.Key == "comment").ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);

    /// <summary>The edits the form makes to <paramref name="shown"/>, or the first value that is not of its field's type.</summary>
    public static (JsonObject? Edits, string? Error) Read(IFormCollection form, JsonObject shown)
    {
        var edits = new JsonObject();
        foreach (var (name, original) in shown)
        {
            var kind = original?.GetValueKind() ?? JsonValueKind.Null;
            var present = form.TryGetValue(FieldName(name), out var values);
            var text = values.ToString();
            JsonNode? edit;
            switch (kind)
            {
                case JsonValueKind.True or JsonValueKind.False:
                    // An unchecked box is not sent at all.
                    var on = present && text == "true";
                    if (on == (kind == JsonValueKind.True))
                    {
                        continue;
                    }

                    edit = JsonValue.Create(on);
                    break;
                case JsonValueKind.Number:
                    if (!present)
                    {
                        continue;
                    }

                    if (!decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        return (null, $"'{name}' needs a number (got '{text}').");
                    }

                    if (original!.AsValue().TryGetValue<decimal>(out var was) && was == number)
                    {
                        continue;
                    }

                    edit = JsonValue.Create(number);
                    break;
                case JsonValueKind.Object or JsonValueKind.Array:
                    if (!present)
                    {
                        continue;
                    }

                    JsonNode? parsed;
                    try
                    {
                        parsed = JsonNode.Parse(text);
                    }
                    catch (JsonException)
                    {
                        parsed = null;
                    }

                    if (parsed?.GetValueKind() != kind)
                    {
                        return (null, $"'{name}' needs JSON {(kind == JsonValueKind.Object ? "object ({...})" : "list ([...])")}, like the value shown.");
                    }

                    if (JsonNode.DeepEquals(parsed, original))
                    {
                        continue;
                    }

                    edit = parsed;
                    break;
                default:
                    // Browsers send line breaks in text areas as CR LF.
                    var before = Text(original);
                    var now = before.Contains('\r', StringComparison.Ordinal) ? text : text.Replace("\r\n", "\n", StringComparison.Ordinal);
                    if (!present || now == before)
                    {
                        continue;
                    }

                    edit = JsonValue.Create(now);
                    break;
            }

            edits[name] = edit;
        }

        return (edits.Count == 0 ? null : edits, null);
    }
}
