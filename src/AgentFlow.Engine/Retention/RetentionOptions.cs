namespace AgentFlow.Engine.Retention;

/// <summary>
/// How long a long-lived host (<c>agentflow worker</c>, <c>agentflow serve</c>) keeps finished runs before it purges
/// them (<see cref="RunPurger"/>). Off unless <see cref="Completed"/> or <see cref="Failed"/> is set. Set in
/// agentflow.json as <c>"retention": { "completed": "P30D", "failed": "P90D", "interval": "PT1H" }</c> (ISO-8601
/// durations) or as <c>AGENTFLOW__RETENTION__COMPLETED</c> and so on.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The default <see cref="Interval"/>: one hour.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>Completed runs are purged once they finished this long ago; null keeps them.</summary>
    public TimeSpan? Completed { get; set; }

    /// <summary>Failed and cancelled runs are purged once they finished this long ago; null keeps them.</summary>
    public TimeSpan? Failed { get; set; }

    /// <summary>How often the host purges (<see cref="DefaultInterval"/> by default); it also purges once when it starts.</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>True when some finished runs are to be purged.</summary>
    public bool Enabled => Completed is not null || Failed is not null;
}
