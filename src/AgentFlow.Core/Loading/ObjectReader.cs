using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;

namespace AgentFlow.Core.Loading;

/// <summary>
/// Reads one JSON object through its field table: reports unknown, missing and mistyped properties once, up front,
/// then hands out typed values (null for anything already reported, so errors never cascade).
/// </summary>
internal sealed partial class ObjectReader
{
    private readonly JsonElement _element;
    private readonly DiagnosticSink _sink;
    private readonly string _what;
    private readonly Dictionary<string, JsonElement> _valid = new(StringComparer.Ordinal);

    public ObjectReader(JsonElement element, string path, IReadOnlyList<FieldSpec> fields, DiagnosticSink sink, string what)
    {
        _element = element;
        _sink = sink;
        _what = what;
        Path = path;
        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = JsonPaths.Property(path, property.Name);
            if (!byName.TryGetValue(property.Name, out var field))
            {
                ReportUnknown(property.Name, property.Value, propertyPath, byName.Keys);
            }
            else if (CheckType(field, property.Value, propertyPath))
            {
                _valid[property.Name] = property.Value;
            }
        }

        foreach (var field in fields)
        {
            if (field.Required && !element.TryGetProperty(field.Name, out _))
            {
                sink.Error(
                    DiagnosticCodes.MissingProperty,
                    path,
                    $"{what} is missing required property '{field.Name}'",
                    $"Add \"{field.Name}\" ({Describe(field.Type)}).");
            }
        }
    }

    public string Path { get; }

    public static IReadOnlyList<FieldSpec> Concat(IReadOnlyList<FieldSpec> a, IReadOnlyList<FieldSpec> b) => [.. a, .. b];

    public bool Has(string name) => _element.TryGetProperty(name, out _);

    public string PathOf(string name) => JsonPaths.Property(Path, name);

    public JsonElement? Element(string name) => _valid.TryGetValue(name, out var value) ? value.Clone() : null;

    public string? String(string name) => _valid.TryGetValue(name, out var value) ? value.GetString() : null;

    public bool? Bool(string name) => _valid.TryGetValue(name, out var value) ? value.GetBoolean() : null;

    public TimeSpan? Duration(string name) =>
        _valid.TryGetValue(name, out var value) && IsoDuration.TryParse(value.GetString(), out var duration) ? duration : null;

    public IReadOnlyList<string> Strings(string name) =>
        _valid.TryGetValue(name, out var value) ? [.. value.EnumerateArray().Select(e => e.GetString()!)] : [];

    public int? Int(string name, int min, int max = int.MaxValue)
    {
        if (!_valid.TryGetValue(name, out var value))
        {
            return null;
        }

        if (!value.TryGetInt32(out var number) || number < min || number > max)
        {
            ReportRange(name, value, min, max);
            return null;
        }

        return number;
    }

    public double? Number(string name, double min, double max)
    {
        if (!_valid.TryGetValue(name, out var value))
        {
            return null;
        }

        var number = value.GetDouble();
        if (number < min || number > max)
        {
            ReportRange(name, value, min, max);
            return null;
        }

        return number;
    }

    private void ReportRange(string name, JsonElement value, double min, double max)
    {
        var range = max >= int.MaxValue ? $"at least {min.ToString(CultureInfo.InvariantCulture)}"
            : $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}";
        _sink.Error(
            DiagnosticCodes.InvalidValue,
            PathOf(name),
            $"'{name}' of {_what} is {value.GetRawText()}, but must be {(value.ValueKind == JsonValueKind.Number && !value.TryGetInt64(out _) && max >= int.MaxValue ? "an integer " : string.Empty)}{range}",
            $"Use a value {range}.");
    }

    private void ReportUnknown(string name, JsonElement value, string propertyPath, IEnumerable<string> known)
    {
        var names = known.ToList();

        // Only text can be a secret: a number under "token" is a misspelt limit such as a budget's "tokens".
        if (value.ValueKind == JsonValueKind.String && SecretName().IsMatch(name))
        {
            _sink.Error(
                DiagnosticCodes.SecretInWorkflow,
                propertyPath,
                $"{_what} holds a secret in '{name}'; secrets must never be written into workflow files",
                "Put the secret in an environment variable and name the variable instead (e.g. \"apiKeyEnv\": \"OPENAI_API_KEY\").");
            return;
        }

        var closest = Suggestions.Closest(name, names);
        _sink.Error(
            DiagnosticCodes.UnknownProperty,
            propertyPath,
            $"{_what} has unknown property '{name}'",
            closest is not null ? $"Did you mean '{closest}'?" : $"Allowed properties: {string.Join(", ", names)}.");
    }

    private bool CheckType(FieldSpec field, JsonElement value, string propertyPath)
    {
        var ok = field.Type switch
        {
            FieldType.String or FieldType.Template or FieldType.Expression or FieldType.NodeRef or FieldType.Duration =>
                value.ValueKind == JsonValueKind.String,
            FieldType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            FieldType.Number => value.ValueKind == JsonValueKind.Number,
            FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            FieldType.StringArray => value.ValueKind == JsonValueKind.Array
                && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
            FieldType.TemplateObject or FieldType.Schema or FieldType.Object or FieldType.Map or FieldType.NodeOrSubGraph =>
                value.ValueKind == JsonValueKind.Object,
            FieldType.TemplateValue => value.ValueKind is JsonValueKind.Object or JsonValueKind.String,
            FieldType.ObjectArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object),
            FieldType.Next => value.ValueKind is JsonValueKind.String or JsonValueKind.Array,
            _ => true,
        };

        if (!ok && field.Type is FieldType.StringArray or FieldType.ObjectArray && value.ValueKind == JsonValueKind.Array)
        {
            var (element, noun) = field.Type == FieldType.StringArray ? (JsonValueKind.String, "a string") : (JsonValueKind.Object, "an object");
            var index = value.EnumerateArray().TakeWhile(e => e.ValueKind == element).Count();
            _sink.Error(
                DiagnosticCodes.WrongType,
                JsonPaths.Index(propertyPath, index),
                $"'{field.Name}' of {_what} must contain only {(field.Type == FieldType.StringArray ? "strings" : "objects")}, but element [{index}] is {Describe(value[index])}",
                $"Write every element of \"{field.Name}\" as {noun}.");
            return false;
        }

        if (!ok)
        {
            _sink.Error(
                DiagnosticCodes.WrongType,
                propertyPath,
                $"'{field.Name}' of {_what} must be {Describe(field.Type)}, not {Describe(value)}",
                $"Write \"{field.Name}\" as {Describe(field.Type)}.");
            return false;
        }

        if (field.Allowed is { } allowed && !allowed.Contains(value.GetString()!, StringComparer.Ordinal))
        {
            _sink.Error(
                DiagnosticCodes.InvalidValue,
                propertyPath,
                $"'{field.Name}' of {_what} is '{value.GetString()}', which is not one of: {string.Join(", ", allowed)}",
                Suggestions.Hint(value.GetString()!, allowed, "values"));
            return false;
        }

        if (field.Type == FieldType.Duration && !IsoDuration.TryParse(value.GetString(), out _))
        {
            _sink.Error(
                DiagnosticCodes.InvalidDuration,
                propertyPath,
                $"'{field.Name}' of {_what} is '{value.GetString()}', which is not a positive ISO-8601 duration",
                "Write durations like \"PT30S\", \"PT5M\", \"PT4H\" or \"P1D\".");
            return false;
        }

        return true;
    }

    internal static string Describe(FieldType type) => type switch
    {
        FieldType.String or FieldType.NodeRef => "a string",
        FieldType.Template => "a template string",
        FieldType.Expression => "an expression string such as \"fetch.results\"",
        FieldType.Duration => "an ISO-8601 duration string such as \"PT30S\"",
        FieldType.Integer => "an integer",
        FieldType.Number => "a number",
        FieldType.Boolean => "true or false",
        FieldType.StringArray => "an array of strings",
        FieldType.ObjectArray => "an array of objects",
        FieldType.TemplateValue => "an object or a template string",
        FieldType.Next => "a node id or a list of { \"when\", \"to\" } transitions",
        FieldType.NodeOrSubGraph => "a node object or a { \"start\", \"nodes\" } sub-graph",
        FieldType.Any => "any value",
        _ => "an object",
    };

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    [GeneratedRegex(@"^(api[-_]?key|apikey|password|passwd|secret|client[-_]?secret|token|access[-_]?token|auth[-_]?token)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
