namespace AgentFlow.Core.Model.Triggers;

/// <summary>What a schedule does with a tick while the run of an earlier tick has not finished.</summary>
public enum ScheduleOverlap
{
    /// <summary>Skip the tick (the default).</summary>
    Skip,

    /// <summary>Keep the latest such tick and start it as soon as the earlier run finishes.</summary>
    BufferOne,

    /// <summary>Start it anyway: runs may overlap.</summary>
    Allow,
}
