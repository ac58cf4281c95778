using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>
/// Tokens, model calls and cost: of one node (with the model and agent that spent them) or summed over a run.
/// A node reports it in its output's <c>usage</c> object (<c>promptTokens</c>, <c>completionTokens</c>, <c>calls</c>,
/// <c>cost</c>, <c>currency</c>, <c>model</c>, <c>agent</c>); <see cref="FromOutput"/> reads it.
/// </summary>
public sealed class TokenUsage
{
    /// <summary>Input (prompt) tokens.</summary>
    public long InputTokens { get; set; }

    /// <summary>Output (completion) tokens.</summary>
    public long OutputTokens { get; set; }

    /// <summary>Model calls made (an <c>llm</c> node with tool calls or a repair makes several).</summary>
    public int ModelCalls { get; set; }

    /// <summary>Cost in <see cref="Currency"/>; null when no call had a price.</summary>
    public decimal? Cost { get; set; }

    /// <summary>Currency of <see cref="Cost"/>.</summary>
    public string? Currency { get; set; }

    /// <summary>The model (workflow name) of a node's usage; null in sums.</summary>
    public string? Model { get; set; }

    /// <summary>The agent of a node's usage; null in sums.</summary>
    public string? Agent { get; set; }

    /// <summary>Input plus output tokens.</summary>
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>Adds <paramref name="other"/> to this sum.</summary>
    public void Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        InputTokens += other.InputTokens;
        OutputTokens += other.OutputTokens;
        ModelCalls += other.ModelCalls;
        if (other.Cost is { } cost)
        {
            Cost = (Cost ?? 0m) + cost;
            Currency ??= other.Currency;
        }
    }

    /// <summary>Reads the <c>usage</c> object of a node's output; null when there is none.</summary>
    public static TokenUsage? FromOutput(JsonNode? output)
    {
        if (output is not JsonObject obj || obj["usage"] is not JsonObject usage)
        {
            return null;
        }

        return new TokenUsage
        {
            InputTokens = Long(usage["promptTokens"]),
            OutputTokens = Long(usage["completionTokens"]),
            ModelCalls = (int)Long(usage["calls"] ?? JsonValue.Create(1)),
            Cost = usage["cost"] is JsonValue c ? c.TryGetValue<decimal>(out var cost) ? cost : c.TryGetValue<double>(out var dc) ? (decimal)dc : null : null,
            Currency = usage["currency"]?.GetValue<string>(),
            Model = usage["model"]?.GetValue<string>(),
            Agent = usage["agent"]?.GetValue<string>(),
        };
    }

    // Values read back from JSON are JsonElements; values an executor just built may be int, long or decimal.
    private static long Long(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<long>(out var n) ? n : v.TryGetValue<int>(out var i) ? i : v.TryGetValue<decimal>(out var d) ? (long)d : 0
        : 0;
}
