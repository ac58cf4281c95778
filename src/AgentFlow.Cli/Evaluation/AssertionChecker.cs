using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentFlow.Core.Model;
using Json.Schema;

namespace AgentFlow.Cli.Evaluation;

/// <summary>Checks a case's assertions against its outcome; <c>criteria</c> assertions go to the judge.</summary>
internal sealed partial class AssertionChecker(CriteriaJudge? judge)
{
    public async Task<IReadOnlyList<AssertionResult>> CheckAllAsync(EvalCase evalCase, CaseOutcome outcome, CancellationToken cancellationToken)
    {
        var results = new List<AssertionResult>();
        foreach (var assertion in evalCase.Assertions)
        {
            results.Add(await CheckAsync(assertion, outcome, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<AssertionResult> CheckAsync(JsonObject assertion, CaseOutcome outcome, CancellationToken cancellationToken)
    {
        var kind = EvalDataset.KindOf(assertion);
        var value = assertion[kind];
        switch (kind)
        {
            case "anyOf" or "allOf":
                var inner = new List<AssertionResult>();
                foreach (var item in value!.AsArray().OfType<JsonObject>())
                {
                    inner.Add(await CheckAsync(item, outcome, cancellationToken).ConfigureAwait(false));
                }

                var passed = kind == "anyOf" ? inner.Any(r => r.Passed) : inner.All(r => r.Passed);
                var shown = kind == "anyOf" || !passed ? inner.Where(r => r.Passed == passed) : inner;
                return new AssertionResult(kind, passed, $"{kind}: {(passed ? "held" : "failed")} ({string.Join("; ", shown.Select(r => r.Message))})");
            case "noEffect":
                return NoEffect(outcome, MinimumRisk(value));
            case "approvedBeforeEffect":
                return ApprovedBeforeEffect(outcome, MinimumRisk(value));
            case "guardFlagged":
                return GuardFlagged(outcome, NodeOf(value));
            case "held":
                return Held(outcome, NodeOf(value));
            case "blocked":
                return Blocked(outcome, NodeOf(value));
        }

        var path = assertion["path"]!.GetValue<string>();
        var (found, actual) = AssertionPaths.Read(outcome, path);
        if (!found)
        {
            return new AssertionResult(kind, false, $"{kind} {path}: no value there (the case {outcome.Status}{(outcome.Error is { } e ? ": " + e : string.Empty)})");
        }

        return kind switch
        {
            "equals" => Verdict(kind, path, EqualValues(actual, value), $"is {Text(actual)}, expected {Text(value)}"),
            "contains" => Verdict(kind, path, Contains(actual, value), $"is {Text(actual)}, expected it to contain {Text(value)}"),
            "regex" => Verdict(kind, path, Regex.IsMatch(AsString(actual), value!.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)), $"is {Text(actual)}, expected a match of /{value}/"),
            "schema" => Schema(path, actual, value!),
            "range" => Range(path, actual, (JsonObject)value!),
            "criteria" => await CriteriaAsync(assertion, path, actual, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"unknown assertion kind '{kind}'"),
        };
    }

    private async Task<AssertionResult> CriteriaAsync(JsonObject assertion, string path, JsonNode? actual, CancellationToken cancellationToken)
    {
        var criteria = assertion["criteria"]!.GetValue<string>();
        var model = assertion["model"]?.GetValue<string>();
        if (judge is null)
        {
            return new AssertionResult("criteria", false, $"criteria {path}: no judge model; pass --judge MODEL or give the assertion a model");
        }

        var (met, reason) = await judge.GradeAsync(criteria, AsString(actual), model, cancellationToken).ConfigureAwait(false);
        return new AssertionResult("criteria", met, $"criteria {path}: \"{criteria}\" {(met ? "met" : "not met")}: {reason}");
    }

    private static AssertionResult Verdict(string kind, string path, bool passed, string detail) =>
        new(kind, passed, $"{kind} {path}: {(passed ? "ok" : detail)}");

    private static bool EqualValues(JsonNode? actual, JsonNode? expected)
    {
        if (JsonNode.DeepEquals(actual, expected))
        {
            return true;
        }

        if (Number(actual) is { } a && Number(expected) is { } b)
        {
            return a == b;
        }

        // Templates render text: "true" equals true, "3" equals 3.
        return actual is JsonValue av && av.TryGetValue<string>(out var s) && expected is JsonValue ev && !ev.TryGetValue<string>(out _) && s == ev.ToJsonString();
    }

    private static bool Contains(JsonNode? actual, JsonNode? expected) => actual switch
    {
        JsonArray array => array.Any(item => EqualValues(item, expected)),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Contains(AsString(expected), StringComparison.Ordinal),
        _ => AsString(actual).Contains(AsString(expected), StringComparison.Ordinal),
    };

    private static AssertionResult Schema(string path, JsonNode? actual, JsonNode schema)
    {
        var compiled = JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(actual?.ToJsonString() ?? "null");
        var results = compiled.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new List<string>();
        Collect(results, errors);
        return Verdict("schema", path, results.IsValid, $"does not match the schema: {string.Join("; ", errors.DefaultIfEmpty("invalid").Take(5))}");
    }

    private static void Collect(EvaluationResults results, List<string> errors)
    {
        foreach (var (_, message) in results.Errors ?? new Dictionary<string, string>())
        {
            var at = results.InstanceLocation.ToString();
            errors.Add($"{(at.Length == 0 ? "/" : at)}: {message}");
        }

        foreach (var detail in results.Details ?? [])
        {
            Collect(detail, errors);
        }
    }

    private static AssertionResult Range(string path, JsonNode? actual, JsonObject range)
    {
        var min = range["min"]?.GetValue<double>();
        var max = range["max"]?.GetValue<double>();
        var bounds = $"[{min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}]";
        return Number(actual) is not { } n
            ? Verdict("range", path, false, $"is {Text(actual)}, not a number")
            : Verdict("range", path, (min is null || n >= min) && (max is null || n <= max), $"is {n.ToString(CultureInfo.InvariantCulture)}, outside {bounds}");
    }

    private static double? Number(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<double>(out var d) ? d
        : v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null
        : null;

    private static ToolRisk MinimumRisk(JsonNode? value) =>
        value is JsonObject o && EvalDataset.Risk(o["risk"], out var risk) ? risk : ToolRisk.Medium;

    private static string? NodeOf(JsonNode? value) => value is JsonObject o ? o["node"]?.GetValue<string>() : null;

    /// <summary>A value as text for regex and contains: strings as they are, anything else as JSON.</summary>
    private static string AsString(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "null";

    /// <summary>A value for messages, kept short.</summary>
    private static string Text(JsonNode? node)
    {
        var text = node?.ToJsonString(CliJson.Compact) ?? "null";
        return text.Length <= 120 ? text : text[..117] + "...";
    }
}
