using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Replay;

/// <summary>
/// What a replay fork reuses: the source run's recorded node visits by <see cref="Key"/>, and where the fork point
/// is. Travels in the fork's <see cref="RunRequest"/> (and, cut to what they need, its sub-runs' and map chunks'), so
/// the orchestration reads it from its input and stays deterministic.
/// </summary>
public sealed record ReplayPlan
{
    /// <summary>Where the fork came from (source run, fork point, patches).</summary>
    public required RunFork Fork { get; init; }

    /// <summary>True when this orchestration starts after the fork point (its caller had passed it).</summary>
    public bool Forked { get; init; }

    /// <summary>The source run's visits of activity and approval nodes, by <see cref="Key"/>.</summary>
    public IReadOnlyDictionary<string, RecordedVisit> Visits { get; init; } = new Dictionary<string, RecordedVisit>();

    /// <summary>
    /// The key of a node visit: the run or sub-run it belongs to, relative to the top-level run (<c>""</c>,
    /// <c>call.1</c>, <c>call.1:inner.2</c>; the same in the source and the fork because child ids derive from node
    /// and visit), the node's qualified id (<c>each[3].ok</c>) and the visit number.
    /// </summary>
    public static string Key(string runId, string qualified, int visit)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var separator = runId.IndexOf(RunIds.ChildSeparator, StringComparison.Ordinal);
        var scope = separator < 0 ? string.Empty : runId[(separator + 1)..];
        return $"{scope}|{qualified}#{visit}";
    }

    /// <summary>The recorded visit, or null when the source run had none (or nothing to reuse of it).</summary>
    public RecordedVisit? Find(string runId, string qualified, int visit) =>
        Visits.TryGetValue(Key(runId, qualified, visit), out var recorded) && recorded.HasResult ? recorded : null;

    /// <summary>True when visiting <paramref name="nodeId"/> (a definition node id) passes the fork point.</summary>
    public bool IsForkNode(string nodeId) => Fork.ForkAt.Contains(nodeId, StringComparer.Ordinal);

    /// <summary>The plan for a sub-run <paramref name="childRunId"/>: only its own visits (and those of its sub-runs).</summary>
    public ReplayPlan ForSubRun(string childRunId, bool forked)
    {
        var scope = Key(childRunId, string.Empty, 0).Split('|')[0];
        return this with { Forked = forked, Visits = Where(key => key.StartsWith(scope + "|", StringComparison.Ordinal) || key.StartsWith(scope + RunIds.ChildSeparator, StringComparison.Ordinal)) };
    }

    /// <summary>
    /// The plan for the map chunk <paramref name="chunkId"/> of <paramref name="mapQualified"/>'s items
    /// <paramref name="first"/>..<paramref name="first"/>+<paramref name="count"/>-1: their visits, and those of the
    /// sub-runs the chunk starts.
    /// </summary>
    public ReplayPlan ForChunk(string runId, string chunkId, string mapQualified, int first, int count, bool forked)
    {
        var scope = Key(runId, string.Empty, 0).Split('|')[0];
        var children = Key(chunkId, string.Empty, 0).Split('|')[0] + RunIds.ChildSeparator;
        var items = Enumerable.Range(first, count).Select(i => $"{mapQualified}[{i}]").ToHashSet(StringComparer.Ordinal);
        return this with
        {
            Forked = forked,
            Visits = Where(key =>
            {
                if (key.StartsWith(children, StringComparison.Ordinal))
                {
                    return true;
                }

                var bar = key.IndexOf('|', StringComparison.Ordinal);
                var item = key[(bar + 1)..];
                var end = item.IndexOf(']', StringComparison.Ordinal);
                return key[..bar] == scope && end > 0 && items.Contains(item[..(end + 1)]);
            }),
        };
    }

    private Dictionary<string, RecordedVisit> Where(Func<string, bool> keep) =>
        Visits.Where(v => keep(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
}
