using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Costs;

/// <summary>One row of a <see cref="CostReport"/>: the sums of one workflow, agent or model in one currency.</summary>
public sealed class CostRow
{
    /// <summary>The workflow, agent or model; <see cref="CostReport.Unattributed"/> or <see cref="CostReport.NoName"/> for the special rows.</summary>
    public required string Key { get; init; }

    /// <summary>The currency of <see cref="Cost"/>; null for tokens that had no price.</summary>
    public string? Currency { get; init; }

    /// <summary>Runs that contributed to this row.</summary>
    public int Runs { get; set; }

    /// <summary>Input (prompt) tokens.</summary>
    public long InputTokens { get; set; }

    /// <summary>Output (completion) tokens.</summary>
    public long OutputTokens { get; set; }

    /// <summary>Input plus output tokens.</summary>
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>Model calls.</summary>
    public int ModelCalls { get; set; }

    /// <summary>Cost in <see cref="Currency"/>; null when none of it had a price.</summary>
    public decimal? Cost { get; set; }

    /// <summary>Adds a usage (of the same currency) to the row.</summary>
    internal void Add(TokenUsage usage)
    {
        InputTokens += usage.InputTokens;
        OutputTokens += usage.OutputTokens;
        ModelCalls += usage.ModelCalls;
        if (usage.Cost is { } cost)
        {
            Cost = (Cost ?? 0m) + cost;
        }
    }
}
