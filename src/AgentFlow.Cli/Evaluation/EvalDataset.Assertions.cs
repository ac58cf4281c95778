using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentFlow.Core.Model;
using Json.Schema;

namespace AgentFlow.Cli.Evaluation;

/// <summary>The shape checks of a case's assertions.</summary>
internal static partial class EvalDataset
{
    /// <summary>Every assertion kind, as the key that names it.</summary>
    public static readonly string[] Kinds = ["equals", "contains", "regex", "schema", "range", "noEffect", "guardFlagged", "held", "blocked", "approvedBeforeEffect", "anyOf", "allOf", "criteria"];

    private static readonly string[] PathKinds = ["equals", "contains", "regex", "schema", "range", "criteria"];

    /// <summary>The kind of an assertion: the one key of <see cref="Kinds"/> it has.</summary>
    public static string KindOf(JsonObject assertion) => Kinds.First(assertion.ContainsKey);

    private static void CheckAssertion(JsonNode? node, string at, WorkflowDefinition workflow, List<string> problems)
    {
        if (node is not JsonObject a)
        {
            problems.Add($"{at}: an assertion is an object, e.g. {{ \"equals\": \"billing\", \"path\": \"output.category\" }}");
            return;
        }

        var kinds = Kinds.Where(a.ContainsKey).ToList();
        if (kinds.Count != 1)
        {
            problems.Add($"{at}: give exactly one assertion kind ({string.Join(", ", Kinds)}){(kinds.Count > 1 ? $"; it has {string.Join(" and ", kinds)}" : string.Empty)}");
            return;
        }

        var kind = kinds[0];
        foreach (var extra in a.Select(p => p.Key).Where(k => k != kind && k is not ("path" or "model" or "description")))
        {
            problems.Add($"{at}: unknown field '{extra}' next to {kind}");
        }

        var path = a["path"] is JsonValue pv && pv.TryGetValue<string>(out var p) ? p : null;
        if (PathKinds.Contains(kind))
        {
            if (path is null)
            {
                problems.Add($"{at}: {kind} needs a \"path\" (output.x, nodes.<id>.x or error)");
            }
            else if (PathProblem(path, workflow) is { } problem)
            {
                problems.Add($"{at}.path: {problem}");
            }
        }

        var value = a[kind];
        switch (kind)
        {
            case "regex" when value is not JsonValue rv || !rv.TryGetValue<string>(out _) || !ValidRegex(rv.GetValue<string>()):
                problems.Add($"{at}.regex: give a valid .NET regular expression as a string");
                break;
            case "schema" when value is not JsonObject || SchemaProblem(value) is not null:
                problems.Add($"{at}.schema: give a JSON Schema object{(value is JsonObject ? ": " + SchemaProblem(value) : string.Empty)}");
                break;
            case "range" when value is not JsonObject r || (r["min"] is null && r["max"] is null) || r.Any(e => e.Key is not ("min" or "max") || e.Value is not JsonValue n || !n.TryGetValue<double>(out _)):
                problems.Add($"{at}.range: give {{ \"min\": number, \"max\": number }} (either may be left out)");
                break;
            case "noEffect" or "approvedBeforeEffect" when !Flag(value) && (value is not JsonObject e || e.Any(x => x.Key != "risk") || !Risk(e["risk"], out _)):
                problems.Add($"{at}.{kind}: give true or {{ \"risk\": \"low\" | \"medium\" | \"high\" }}");
                break;
            case "guardFlagged" or "held" or "blocked" when !Flag(value) && (value is not JsonObject g || g.Any(x => x.Key != "node") || g["node"] is not JsonValue):
                problems.Add($"{at}.{kind}: give true or {{ \"node\": \"<node id>\" }}");
                break;
            case "guardFlagged" or "held" or "blocked" when value is JsonObject g && g["node"]?.GetValue<string>() is { } n && NodeIds.Find(workflow, n) is null:
                problems.Add($"{at}.{kind}.node: no node '{n}' in workflow '{workflow.Name}'");
                break;
            case "anyOf" or "allOf" when value is not JsonArray { Count: > 0 }:
                problems.Add($"{at}.{kind}: give a non-empty array of assertions");
                break;
            case "anyOf" or "allOf":
                for (var i = 0; i < value!.AsArray().Count; i++)
                {
                    CheckAssertion(value[i], $"{at}.{kind}[{i}]", workflow, problems);
                }

                break;
            case "criteria" when value is not JsonValue cv || !cv.TryGetValue<string>(out var c) || string.IsNullOrWhiteSpace(c):
                problems.Add($"{at}.criteria: say in words what the value must satisfy");
                break;
            case "criteria" when a["model"] is JsonValue mv && mv.TryGetValue<string>(out var m) && !workflow.Models.ContainsKey(m):
                problems.Add($"{at}.model: no model '{m}' in workflow '{workflow.Name}'; models: {string.Join(", ", workflow.Models.Keys)}");
                break;
        }
    }

    /// <summary>True when <paramref name="value"/> is the JSON literal <c>true</c>.</summary>
    public static bool Flag(JsonNode? value) => value is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>Reads a risk word.</summary>
    public static bool Risk(JsonNode? value, out ToolRisk risk)
    {
        risk = ToolRisk.Medium;
        return value is JsonValue v && v.TryGetValue<string>(out var s) && Enum.TryParse(s, ignoreCase: true, out risk) && s.All(char.IsLetter);
    }

    /// <summary>The compiled schema of a schema assertion, or why it cannot be used.</summary>
    public static string? SchemaProblem(JsonNode? schema)
    {
        try
        {
            _ = JsonSchema.FromText(schema!.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            return null;
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            return ex.Message;
        }
    }

    private static string? PathProblem(string path, WorkflowDefinition workflow)
    {
        if (path is "output" or "error" || path.StartsWith("output.", StringComparison.Ordinal) || path.StartsWith("output[", StringComparison.Ordinal))
        {
            return null;
        }

        if (!path.StartsWith("nodes.", StringComparison.Ordinal))
        {
            return $"'{path}' must start with output, nodes.<id> or be error";
        }

        var segments = NodeIds.Unindexed(path["nodes.".Length..]).Split('.');
        return segments.Any(s => NodeIds.Find(workflow, s) is not null)
            ? null
            : $"'{path}' names no node of workflow '{workflow.Name}'; write nodes.<id>.field (map items: nodes.triage[0].classify.category)";
    }

    private static bool ValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
