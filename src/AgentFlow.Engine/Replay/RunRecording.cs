namespace AgentFlow.Engine.Replay;

/// <summary>A run's recorded node visits (activities and approvals, at every depth), in the order they happened.</summary>
internal sealed class RunRecording
{
    private readonly Dictionary<string, RecordedVisit> _visits = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Visits by <see cref="ReplayPlan.Key"/>.</summary>
    public IReadOnlyDictionary<string, RecordedVisit> Visits => _visits;

    /// <summary>The keys in the order the visits started.</summary>
    public IReadOnlyList<string> Order => _order;

    /// <summary>The instances the run is made of (itself, its sub-runs and map chunks), for which a history was read.</summary>
    public List<string> Instances { get; } = [];

    public RecordedVisit? Get(string key) => _visits.GetValueOrDefault(key);

    public void Set(string key, RecordedVisit visit)
    {
        if (!_visits.ContainsKey(key))
        {
            _order.Add(key);
        }

        _visits[key] = visit;
    }
}
