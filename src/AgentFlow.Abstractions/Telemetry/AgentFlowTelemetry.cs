using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// The one <see cref="ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> of AgentFlow. Every
/// project starts its spans and records its measurements here, so a host subscribes to two names
/// (<see cref="SourceName"/>, <see cref="MeterName"/>). Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and instruments record nothing: telemetry that is off costs a null check.
/// </summary>
public static class AgentFlowTelemetry
{
    /// <summary>Name of the activity source (spans) and of the meter (metrics).</summary>
    public const string SourceName = "AgentFlow";

    /// <summary>Name of the meter; the same as <see cref="SourceName"/>.</summary>
    public const string MeterName = SourceName;

    /// <summary>Spans: runs, node visits, model calls, tool calls, retrieval, memory, approvals.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(AgentFlowTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Metrics; the instruments are on <see cref="AgentFlowMetrics"/>.</summary>
    public static Meter Meter { get; } = new(MeterName, typeof(AgentFlowTelemetry).Assembly.GetName().Version?.ToString());
}
