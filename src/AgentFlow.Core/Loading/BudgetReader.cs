using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Loading;

/// <summary>
/// Reads the workflow's <c>budget</c> and an agent's <c>budget</c>: limits that are positive numbers (AF601), and in
/// an agent's budget none of the fields only a whole run has (AF602). Whether a budget limits anything at all and
/// whether anyone may raise it are checked by the validator (AF603, AF604), which sees every budget at once.
/// </summary>
internal static class BudgetReader
{
    /// <summary>The limits an agent's budget may set (the schema's <c>agentBudget</c>): what its model calls spend.</summary>
    public static IReadOnlyList<FieldSpec> AgentFields { get; } =
    [
        new("tokens", FieldType.Integer), new("cost", FieldType.Number), new("modelCalls", FieldType.Integer),
    ];

    /// <summary>Fields only the workflow's budget has: limits on the whole run, and who may raise a limit.</summary>
    public static IReadOnlyList<FieldSpec> RunOnlyFields { get; } =
    [
        new("steps", FieldType.Integer), new("duration", FieldType.Duration), new("approvers", FieldType.StringArray),
    ];

    /// <summary>Every field of the workflow's budget (the schema's <c>budget</c>).</summary>
    public static IReadOnlyList<FieldSpec> WorkflowFields { get; } = ObjectReader.Concat(AgentFields, RunOnlyFields);

    /// <summary>Reads the top-level <c>budget</c>.</summary>
    public static BudgetDefinition Workflow(JsonElement element, string path, DiagnosticSink sink)
    {
        const string what = "the workflow budget";
        var r = new ObjectReader(element, path, WorkflowFields, sink, what);
        var listed = r.Strings("approvers");
        if (r.Element("approvers") is not null && listed.Count == 0)
        {
            sink.Error(
                DiagnosticCodes.InvalidValue,
                r.PathOf("approvers"),
                $"{what} lists no approvers",
                "Add at least one \"user:NAME\" or \"role:ROLE\", or remove \"approvers\" if a run that reaches a limit should fail.");
        }

        const string who = "one run";
        return new BudgetDefinition(
            Tokens(r, sink, what, who),
            Cost(r, sink, what, who),
            Count(r, sink, "modelCalls", what, who, "50 model calls"),
            Count(r, sink, "steps", what, who, "500 node executions"),
            r.Duration("duration"),
            ApprovalNode.ReadApprovers(sink, listed, r.PathOf("approvers"), what),
            path);
    }

    /// <summary>Reads <c>agents.NAME.budget</c>; fields only the workflow's budget has are reported (AF602) and left out.</summary>
    public static BudgetDefinition Agent(string agent, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"the budget of agent '{agent}'";

        // Read through every budget field, so that a run-only field gets AF602 (where to put it) rather than AF102.
        var r = new ObjectReader(element, path, WorkflowFields, sink, what);
        foreach (var field in RunOnlyFields.Where(f => r.Has(f.Name)))
        {
            sink.Error(
                DiagnosticCodes.RunOnlyBudgetField,
                r.PathOf(field.Name),
                $"'{field.Name}' is not allowed in {what}: {WhyRunOnly(field.Name)}",
                $"Move it to the workflow's top-level \"budget\" ({JsonPaths.Property(JsonPaths.Property(JsonPaths.Root, "budget"), field.Name)}); an agent's budget limits only its own model calls: tokens, cost, modelCalls.");
        }

        var who = $"agent '{agent}' in one run";
        return new BudgetDefinition(
            Tokens(r, sink, what, who),
            Cost(r, sink, what, who),
            Count(r, sink, "modelCalls", what, who, "20 model calls"),
            Steps: null,
            Duration: null,
            Approvers: [],
            path);
    }

    private static string WhyRunOnly(string field) => field switch
    {
        "steps" => "steps count the node executions of the whole run, so only the workflow budget limits them",
        "duration" => "duration is the wall time of the whole run, so only the workflow budget limits it",
        _ => "the approvers of the workflow budget decide for every budget of the run, the agents' included",
    };

    private static long? Tokens(ObjectReader r, DiagnosticSink sink, string what, string who)
    {
        // The field table lets through only integers that fit a long.
        var tokens = r.Element("tokens")?.GetInt64();
        if (tokens <= 0)
        {
            ReportNotPositive(sink, r, "tokens", what, "a positive integer", $"Write a positive limit for {who}, e.g. 200000 tokens (input + output), or remove \"tokens\" for no token limit.");
            return null;
        }

        return tokens;
    }

    private static decimal? Cost(ObjectReader r, DiagnosticSink sink, string what, string who)
    {
        if (r.Element("cost") is not { } value)
        {
            return null;
        }

        var hint = $"Write a positive limit for {who} in the currency of \"pricing\" in agentflow.json, e.g. 5 or 0.25, or remove \"cost\" for no cost limit.";
        if (!value.TryGetDecimal(out var cost))
        {
            sink.Error(DiagnosticCodes.InvalidBudgetLimit, r.PathOf("cost"), $"'cost' of {what} is {value.GetRawText()}, which is too large for a limit", hint);
            return null;
        }

        if (cost <= 0)
        {
            ReportNotPositive(sink, r, "cost", what, "a positive number", hint);
            return null;
        }

        return cost;
    }

    private static int? Count(ObjectReader r, DiagnosticSink sink, string name, string what, string who, string example)
    {
        if (r.Element(name) is not { } value)
        {
            return null;
        }

        var hint = $"Write a positive limit for {who}, e.g. {example}, or remove \"{name}\" for no such limit.";
        var number = value.GetInt64();
        if (number <= 0)
        {
            ReportNotPositive(sink, r, name, what, "a positive integer", hint);
            return null;
        }

        if (number > int.MaxValue)
        {
            sink.Error(DiagnosticCodes.InvalidBudgetLimit, r.PathOf(name), $"'{name}' of {what} is {value.GetRawText()}, but a limit may be at most {int.MaxValue}", hint);
            return null;
        }

        return (int)number;
    }

    private static void ReportNotPositive(DiagnosticSink sink, ObjectReader r, string name, string what, string must, string hint) =>
        sink.Error(DiagnosticCodes.InvalidBudgetLimit, r.PathOf(name), $"'{name}' of {what} is {r.Element(name)!.Value.GetRawText()}, but a limit must be {must}", hint);
}
