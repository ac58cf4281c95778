using System.Globalization;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli;

/// <summary>How tokens and cost read in text output: <c>35/12</c> tokens (in/out), <c>0.0012 USD</c>, <c>-</c> when unknown.</summary>
internal static class UsageText
{
    /// <summary>Input/output tokens, or <c>-</c> without usage.</summary>
    public static string Tokens(TokenUsage? usage) => usage is null ? "-" : $"{Number(usage.InputTokens)}/{Number(usage.OutputTokens)}";

    /// <summary>The cost with its currency, or <c>-</c> when it had no price.</summary>
    public static string Cost(TokenUsage? usage) => Cost(usage?.Cost, usage?.Currency);

    /// <summary>The cost with its currency, or <c>-</c> when it had no price.</summary>
    public static string Cost(decimal? cost, string? currency) =>
        cost is { } c ? $"{c.ToString("0.########", CultureInfo.InvariantCulture)}{(currency is { Length: > 0 } cur ? " " + cur : string.Empty)}" : "-";

    /// <summary>A count as the tables print it (no separators: easy to read back).</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The run total line of <c>show</c>: tokens, model calls and cost (or that it had no price).</summary>
    public static string Total(TokenUsage usage, bool finished)
    {
        var calls = usage.ModelCalls == 1 ? "1 model call" : $"{Number(usage.ModelCalls)} model calls";
        var cost = usage.Cost is null ? "cost unknown (no price configured for its models)" : $"cost {Cost(usage)}";
        return $"usage{(finished ? string.Empty : " so far")}: {Number(usage.Tokens)} tokens ({Number(usage.InputTokens)} in, {Number(usage.OutputTokens)} out), {calls}, {cost}";
    }
}
