namespace AgentFlow.Engine.Costs;

/// <summary>The words <see cref="CostGrouping"/> is written as (<c>--by</c>, <c>?by=</c>, JSON): one place for them.</summary>
public static class CostGroupings
{
    /// <summary>The valid words, in order: <c>workflow</c>, <c>agent</c>, <c>model</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<CostGrouping>().Select(Name)];

    /// <summary><c>workflow</c>, <c>agent</c> or <c>model</c>.</summary>
    public static string Name(this CostGrouping grouping) => grouping switch
    {
        CostGrouping.Workflow => "workflow",
        CostGrouping.Agent => "agent",
        CostGrouping.Model => "model",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, null),
    };

    /// <summary>Reads a grouping's word; false for anything else (case matters, as on the command line).</summary>
    public static bool TryParse(string? text, out CostGrouping grouping)
    {
        foreach (var value in Enum.GetValues<CostGrouping>())
        {
            if (string.Equals(value.Name(), text, StringComparison.Ordinal))
            {
                grouping = value;
                return true;
            }
        }

        grouping = default;
        return false;
    }
}
