using System.Text.Json;
using System.Text.RegularExpressions;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Loading;

/// <summary>
/// Reads guard checks (a <c>guard</c> node's <c>checks</c>, an agent's <c>guards.input</c> / <c>guards.output</c>), a
/// guard's <c>classifier</c> and an agent's <c>guards</c>. Each check's <c>check</c> selects its field table (the
/// schema's <c>guardCheck.KIND</c>); what can be decided from the file alone is reported here (AF420-AF424), the
/// classifier's model by the validator (AF425).
/// </summary>
internal static class GuardReader
{
    /// <summary>The built-in kinds a <c>pii</c> check's <c>types</c> may name.</summary>
    public static IReadOnlyList<string> PiiTypes { get; } = ["email", "phone", "card", "iban"];

    /// <summary>Fields every check has (the schema's <c>guardCheckCommon</c>).</summary>
    public static IReadOnlyList<FieldSpec> CommonFields { get; } =
        [new("check", FieldType.String, Required: true, Allowed: [.. Enum.GetValues<GuardCheckKind>().Select(GuardCheck.ToJson)])];

    /// <summary>Fields of each check kind beside <see cref="CommonFields"/>, by the kind's JSON spelling (the schema's <c>guardCheck.KIND</c>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FieldSpec>> KindFields { get; } =
        new Dictionary<string, IReadOnlyList<FieldSpec>>(StringComparer.Ordinal)
        {
            ["injection"] = [Action(redact: false)],
            ["pii"] = [Action(redact: true), new("types", FieldType.StringArray), new("patterns", FieldType.Any)],
            ["schema"] = [Action(redact: false), new("schema", FieldType.Schema, Required: true)],
            ["regex"] = [Action(redact: false), new("pattern", FieldType.String, Required: true), new("mustMatch", FieldType.Boolean)],
            ["length"] = [Action(redact: false), new("min", FieldType.Integer), new("max", FieldType.Integer)],
            ["banned"] = [Action(redact: false), new("terms", FieldType.StringArray, Required: true)],
        };

    /// <summary>Fields of a guard's <c>classifier</c>.</summary>
    public static IReadOnlyList<FieldSpec> ClassifierFields { get; } =
        [new("model", FieldType.String, Required: true), new("threshold", FieldType.Number)];

    /// <summary>Fields of an agent's <c>guards</c>.</summary>
    public static IReadOnlyList<FieldSpec> AgentFields { get; } =
    [
        new("input", FieldType.ObjectArray, Section: "guardCheck"), new("output", FieldType.ObjectArray, Section: "guardCheck"),
        new("approvers", FieldType.StringArray),
    ];

    /// <summary>Reads a list of checks; a check with an error is reported and left out.</summary>
    public static List<GuardCheck> Checks(JsonElement? array, string path, DiagnosticSink sink, string what)
    {
        var checks = new List<GuardCheck>();
        if (array is not { ValueKind: JsonValueKind.Array } items)
        {
            return checks;
        }

        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (Check(item, JsonPaths.Index(path, i), sink, $"check {i} of {what}") is { } check)
            {
                checks.Add(check);
            }

            i++;
        }

        return checks;
    }

    /// <summary>Reports every <c>approve</c> check when nobody may decide (AF420).</summary>
    public static void RequireApprovers(IEnumerable<GuardCheck> checks, IReadOnlyList<Approver> approvers, bool approversWritten, string approversPath, DiagnosticSink sink, string what)
    {
        if (approvers.Count > 0 || approversWritten)
        {
            return;
        }

        foreach (var check in checks.Where(c => c.Action == GuardAction.Approve))
        {
            sink.Error(
                DiagnosticCodes.GuardApproveWithoutApprovers,
                JsonPaths.Property(check.JsonPath, "action"),
                $"a {GuardCheck.ToJson(check.Check)} check of {what} holds text for approval, but {what} lists no approvers",
                $"Add \"approvers\": [\"role:ROLE\"] at {approversPath}, or use action \"flag\" or \"block\".");
        }
    }

    /// <summary>Reads a <c>classifier</c> object.</summary>
    public static GuardClassifier? Classifier(JsonElement? element, string path, DiagnosticSink sink, string what)
    {
        if (element is not { } e)
        {
            return null;
        }

        var r = new ObjectReader(e, path, ClassifierFields, sink, $"the classifier of {what}");
        return r.String("model") is { } model ? new GuardClassifier(model, r.Number("threshold", 0, 1) ?? 0.5, path) : null;
    }

    /// <summary>Reads <c>agents.NAME.guards</c>.</summary>
    public static AgentGuards Agent(string agent, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"the guards of agent '{agent}'";
        var r = new ObjectReader(element, path, AgentFields, sink, what);
        var input = Checks(r.Element("input"), r.PathOf("input"), sink, $"{what} (input)");
        var output = Checks(r.Element("output"), r.PathOf("output"), sink, $"{what} (output)");
        var approvers = ApprovalNode.ReadApprovers(sink, r.Strings("approvers"), r.PathOf("approvers"), what);
        RequireApprovers(input.Concat(output), approvers, r.Has("approvers"), r.PathOf("approvers"), sink, what);
        return new AgentGuards(input, output, approvers, path);
    }

    private static FieldSpec Action(bool redact) =>
        new("action", FieldType.String, Allowed: redact ? ["flag", "redact", "block", "approve"] : ["flag", "block", "approve"]);

    private static GuardCheck? Check(JsonElement item, string path, DiagnosticSink sink, string what)
    {
        var kinds = KindFields.Keys.ToList();
        if (!item.TryGetProperty("check", out var kindElement))
        {
            sink.Error(DiagnosticCodes.MissingProperty, path, $"{what} is missing required property 'check'", $"Add \"check\": one of {string.Join(", ", kinds)}.");
            return null;
        }

        var kindName = kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString()! : null;
        if (kindName is null || !KindFields.TryGetValue(kindName, out var fields))
        {
            sink.Error(
                DiagnosticCodes.UnknownGuardCheck,
                JsonPaths.Property(path, "check"),
                $"{what} has check {kindElement.GetRawText()}, which is not a guard check",
                kindName is null ? $"Write \"check\" as one of: {string.Join(", ", kinds)}." : Suggestions.Hint(kindName, kinds, "checks"));
            return null;
        }

        var r = new ObjectReader(item, path, ObjectReader.Concat(CommonFields, fields), sink, $"{what} ({kindName})");
        var check = new GuardCheck
        {
            Check = Enum.Parse<GuardCheckKind>(kindName, ignoreCase: true),
            Action = r.String("action") is { } action ? Enum.Parse<GuardAction>(action, ignoreCase: true) : GuardAction.Flag,
            JsonPath = path,
            Types = r.Strings("types"),
            Patterns = Patterns(r, sink, what),
            Pattern = r.String("pattern"),
            MustMatch = r.Bool("mustMatch") ?? true,
            Min = r.Int("min", 0),
            Max = r.Int("max", 0),
            Terms = r.Strings("terms"),
            Schema = r.Element("schema"),
        };
        return Settings(check, r, sink, what) ? check : null;
    }

    private static bool Settings(GuardCheck check, ObjectReader r, DiagnosticSink sink, string what)
    {
        var ok = true;
        void Bad(string code, string field, string message, string hint)
        {
            sink.Error(code, r.PathOf(field), $"{what}: {message}", hint);
            ok = false;
        }

        for (var i = 0; i < check.Types.Count; i++)
        {
            if (!PiiTypes.Contains(check.Types[i], StringComparer.Ordinal))
            {
                sink.Error(DiagnosticCodes.InvalidGuardSetting, JsonPaths.Index(r.PathOf("types"), i), $"{what}: '{check.Types[i]}' is not a built-in kind of personal data", $"{Suggestions.Hint(check.Types[i], PiiTypes.ToList(), "types")} For anything else add a named regular expression under \"patterns\".");
                ok = false;
            }
        }

        if (check.Pattern is { } pattern && CompileProblem(pattern) is { } problem)
        {
            Bad(DiagnosticCodes.InvalidGuardPattern, "pattern", $"pattern '{pattern}' is not a valid regular expression ({problem})", "Fix the .NET regular expression (escape backslashes in JSON: \"\\\\d+\").");
        }

        if (check.Check == GuardCheckKind.Length && check.Min is null && check.Max is null && !r.Has("min") && !r.Has("max"))
        {
            Bad(DiagnosticCodes.InvalidGuardSetting, "check", "a length check without \"min\" or \"max\" checks nothing", "Add \"min\" and/or \"max\" (characters), e.g. \"max\": 2000.");
        }

        if (check is { Min: { } min, Max: { } max } && min > max)
        {
            Bad(DiagnosticCodes.InvalidGuardSetting, "min", $"min ({min}) is greater than max ({max}), so every text fails", "Make \"min\" at most \"max\".");
        }

        if (check.Check == GuardCheckKind.Banned && r.Element("terms") is not null && check.Terms.All(string.IsNullOrWhiteSpace))
        {
            Bad(DiagnosticCodes.InvalidGuardSetting, "terms", "a banned check without terms checks nothing", "List the terms, e.g. \"terms\": [\"password\", \"wire transfer\"].");
        }

        if (check.Schema is { } schema && GuardSchemaShape.Problem(schema) is { } schemaProblem)
        {
            Bad(DiagnosticCodes.InvalidGuardSchema, "schema", $"schema is not a usable JSON Schema: {schemaProblem}", "Write a JSON Schema object, e.g. { \"type\": \"object\", \"required\": [\"answer\"] }.");
        }

        return ok;
    }

    private static Dictionary<string, string> Patterns(ObjectReader r, DiagnosticSink sink, string what)
    {
        var patterns = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Element("patterns") is not { } element)
        {
            return patterns;
        }

        var path = r.PathOf("patterns");
        if (element.ValueKind != JsonValueKind.Object || element.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
        {
            sink.Error(DiagnosticCodes.WrongType, path, $"'patterns' of {what} must be an object of names to regular expressions", "Write e.g. \"patterns\": { \"ticket\": \"TK-\\\\d{6}\" }.");
            return patterns;
        }

        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            if (property.Name.Length == 0 || !property.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                sink.Error(DiagnosticCodes.InvalidGuardPattern, at, $"{what}: pattern name '{property.Name}' must be letters, digits and dashes (it becomes the rule pii.{property.Name})", "Rename the pattern, e.g. \"customer-id\".");
            }
            else if (CompileProblem(property.Value.GetString()!) is { } problem)
            {
                sink.Error(DiagnosticCodes.InvalidGuardPattern, at, $"{what}: pattern '{property.Name}' is not a valid regular expression ({problem})", "Fix the .NET regular expression (escape backslashes in JSON: \"\\\\d+\").");
            }
            else
            {
                patterns[property.Name] = property.Value.GetString()!;
            }
        }

        return patterns;
    }

    private static string? CompileProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250));
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
