using System.Diagnostics.Metrics;

namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// AgentFlow's metric instruments, all on <see cref="AgentFlowTelemetry.Meter"/>. Tags use <see cref="TelemetryTags"/>.
/// The backend's backlog gauge is registered by the engine, which knows the backend.
/// </summary>
public static class AgentFlowMetrics
{
    /// <summary>Runs started, by <see cref="TelemetryTags.Workflow"/>.</summary>
    public static Counter<long> RunsStarted { get; } = AgentFlowTelemetry.Meter.CreateCounter<long>("agentflow.runs.started", "{run}", "Runs started.");

    /// <summary>Runs completed, by <see cref="TelemetryTags.Workflow"/>.</summary>
    public static Counter<long> RunsCompleted { get; } = AgentFlowTelemetry.Meter.CreateCounter<long>("agentflow.runs.completed", "{run}", "Runs that completed.");

    /// <summary>Runs failed, by <see cref="TelemetryTags.Workflow"/>.</summary>
    public static Counter<long> RunsFailed { get; } = AgentFlowTelemetry.Meter.CreateCounter<long>("agentflow.runs.failed", "{run}", "Runs that failed.");

    /// <summary>Node execution time in seconds, by <see cref="TelemetryTags.NodeKind"/> and <see cref="TelemetryTags.Outcome"/>.</summary>
    public static Histogram<double> NodeDuration { get; } = AgentFlowTelemetry.Meter.CreateHistogram<double>("agentflow.node.duration", "s", "Time from a node's start to its end.");

    /// <summary>Time an approval waited for its decision, in seconds, by <see cref="TelemetryTags.Workflow"/> and <see cref="TelemetryTags.Outcome"/>.</summary>
    public static Histogram<double> ApprovalWait { get; } = AgentFlowTelemetry.Meter.CreateHistogram<double>("agentflow.approval.wait", "s", "Time an approval waited for its decision.");

    /// <summary>Tokens per model call (GenAI convention), by model, agent and <see cref="TelemetryTags.GenAiTokenType"/>.</summary>
    public static Histogram<long> TokenUsage { get; } = AgentFlowTelemetry.Meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens used per model call.");

    /// <summary>Duration of model calls in seconds (GenAI convention), by model and agent.</summary>
    public static Histogram<double> ModelCallDuration { get; } = AgentFlowTelemetry.Meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Duration of model calls.");

    /// <summary>Cost of model and embedding calls, by model, agent and <see cref="TelemetryTags.Currency"/>.</summary>
    public static Counter<double> Cost { get; } = AgentFlowTelemetry.Meter.CreateCounter<double>("agentflow.model.cost", "{currency}", "Cost of model and embedding calls, from the configured price table.");
}
