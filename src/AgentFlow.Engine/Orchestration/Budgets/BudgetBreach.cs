using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Orchestration.Budgets;

/// <summary>
/// A limit the next step would cross: which one (<see cref="Metric"/> of <see cref="Scope"/>), what is spent, the
/// limit in force and the one the budget was written with. Durations are counted in ticks.
/// </summary>
/// <param name="Metric">What is limited.</param>
/// <param name="Scope"><c>workflow</c>, or <c>agent:NAME</c> for an agent's budget.</param>
/// <param name="Used">Spent so far.</param>
/// <param name="Limit">The limit in force (the written one, or what an operator raised it to).</param>
/// <param name="Original">The limit as the workflow writes it: each approval suggests raising by this much.</param>
internal sealed record BudgetBreach(BudgetMetric Metric, string Scope, decimal Used, decimal Limit, decimal Original)
{
    /// <summary>Prefix of the scope of an agent's budget.</summary>
    public const string AgentScopePrefix = "agent:";

    /// <summary>The limit an approval sets unless the operator edits it: the current one plus the written one.</summary>
    public decimal Suggested => Limit + Original;

    /// <summary>The key the raised limit is kept under.</summary>
    public string Key => BudgetTracker.Key(Scope, Metric);

    /// <summary>The language's name of the metric.</summary>
    public string MetricName => Metric switch
    {
        BudgetMetric.Tokens => "tokens",
        BudgetMetric.Cost => "cost",
        BudgetMetric.ModelCalls => "modelCalls",
        BudgetMetric.Steps => "steps",
        _ => "duration",
    };

    /// <summary>What is reached, e.g. <c>budget reached: tokens 980 of 1000 before node 'ask'</c>.</summary>
    public string Describe(string node)
    {
        var owner = Scope.StartsWith(AgentScopePrefix, StringComparison.Ordinal) ? $"agent '{Scope[AgentScopePrefix.Length..]}' " : string.Empty;
        return $"budget reached: {owner}{MetricName} {Format(Used)} of {Format(Limit)} before node '{node}'";
    }

    /// <summary>What the operators decide on; <c>limit</c> (the suggested new limit) may be edited before approving.</summary>
    public JsonObject Show(string node) => new()
    {
        ["reached"] = MetricName,
        ["scope"] = Scope,
        ["used"] = Value(Used),
        ["limit"] = Value(Suggested),
        ["node"] = node,
        ["message"] = $"{Describe(node)}: continue with +{Format(Original)} (limit {Format(Suggested)})? Approve to continue (edit 'limit' to choose another), reject to fail the run.",
    };

    /// <summary>Reads the limit an operator approved (the shown one, or their edit); null when it is not a valid limit.</summary>
    public decimal? ReadLimit(JsonNode? value)
    {
        if (Metric == BudgetMetric.Duration)
        {
            return value is JsonValue v && v.TryGetValue<string>(out var text) && IsoDuration.TryParse(text, out var duration) ? duration.Ticks : null;
        }

        return value is JsonValue n && Number(n) is { } limit && limit > 0 ? limit : null;
    }

    /// <summary>A number whether it was parsed from text (an edit) or created from a value (the shown limit).</summary>
    private static decimal? Number(JsonValue value) =>
        value.TryGetValue<decimal>(out var d) ? d
        : value.TryGetValue<long>(out var l) ? l
        : value.TryGetValue<int>(out var i) ? i
        : value.TryGetValue<double>(out var f) && double.IsFinite(f) && Math.Abs(f) < 1e20 ? (decimal)f
        : null;

    /// <summary>A value as shown: an ISO-8601 duration for durations, a number otherwise.</summary>
    private JsonValue Value(decimal amount) => Metric switch
    {
        BudgetMetric.Duration => JsonValue.Create(IsoDuration.Format(TimeSpan.FromTicks((long)amount))),
        BudgetMetric.Cost => JsonValue.Create(amount),
        _ => JsonValue.Create((long)amount),
    };

    private string Format(decimal amount) => Metric switch
    {
        BudgetMetric.Duration => IsoDuration.Format(TimeSpan.FromTicks((long)amount)),
        BudgetMetric.Cost => amount.ToString("0.######", CultureInfo.InvariantCulture),
        _ => ((long)amount).ToString(CultureInfo.InvariantCulture),
    };
}
