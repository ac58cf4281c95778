namespace AgentFlow.Engine.Runs;

/// <summary>
/// Run ids: what a user may choose, and how the ids of a run's sub-runs and map chunks (<c>RUN:node.1</c>,
/// <c>RUN:map.1.part0</c>) relate to the run a user sees.
/// </summary>
public static class RunIds
{
    /// <summary>Separates a run id from the path of one of its sub-runs; reserved, so no user id can look like a sub-run.</summary>
    public const char ChildSeparator = ':';

    /// <summary>Longest run id a user may choose.</summary>
    public const int MaxLength = 100;

    /// <summary>Why <paramref name="runId"/> cannot name a new run, or null when it can.</summary>
    public static string? Problem(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        if (runId.Length == 0 || runId.Trim().Length != runId.Length)
        {
            return "a run id must not be empty or start or end with a space";
        }

        if (runId.Length > MaxLength)
        {
            return $"a run id has at most {MaxLength} characters (this one has {runId.Length})";
        }

        if (runId.IndexOfAny([ChildSeparator, '/', '\\']) is var at and >= 0)
        {
            return $"'{runId[at]}' is reserved (':' names sub-runs, '/' and '\\' separate idempotency keys and paths); use letters, digits, '-', '_' or '.'";
        }

        if (runId.Contains("..", StringComparison.Ordinal))
        {
            return "'..' is reserved in run ids; use letters, digits, '-', '_' or '.'";
        }

        return runId.Any(char.IsControl) ? "a run id must not contain control characters" : null;
    }

    /// <summary>The top-level run an instance belongs to: the instance itself, or the run whose sub-run or chunk it is.</summary>
    public static string Root(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var separator = instanceId.IndexOf(ChildSeparator, StringComparison.Ordinal);
        return separator < 0 ? instanceId : instanceId[..separator];
    }

    /// <summary>True for the instance of a sub-run or map chunk (not a run a user started).</summary>
    public static bool IsChild(string instanceId) => instanceId.Contains(ChildSeparator, StringComparison.Ordinal);
}
