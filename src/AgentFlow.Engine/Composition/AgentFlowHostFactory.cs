using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Composition;

/// <summary>
/// Creates <see cref="AgentFlowHost"/>s from the builder registered with <c>AddAgentFlow</c>. Resolving it starts the
/// host's <see cref="TelemetryPipeline"/> (when telemetry is configured), so every host that runs work exports.
/// </summary>
public sealed class AgentFlowHostFactory(AgentFlowHostBuilder builder, ILoggerFactory? loggerFactory = null, TelemetryPipeline? telemetry = null)
{
    /// <summary>The registrations and settings hosts are built from.</summary>
    public AgentFlowHostBuilder Builder { get; } = builder;

    /// <summary>The telemetry export of the hosts (<see cref="TelemetryPipeline.Off"/> when the services have none).</summary>
    public TelemetryPipeline Telemetry { get; } = telemetry ?? TelemetryPipeline.Off;

    /// <summary>Opens the configured backend and returns a host (start its worker with <see cref="AgentFlowHost.StartWorkerAsync"/>).</summary>
    public Task<AgentFlowHost> CreateAsync(CancellationToken cancellationToken = default) =>
        AgentFlowHost.CreateAsync(Builder, loggerFactory, cancellationToken);

    /// <summary>
    /// Opens a host that runs workflows with <paramref name="runtime"/> (usually the composed
    /// <see cref="WorkflowRuntime"/>; one without executors for a host that only reads runs).
    /// </summary>
    public Task<AgentFlowHost> CreateAsync(WorkflowRuntime runtime, CancellationToken cancellationToken = default)
    {
        Builder.AddWorkflowRuntime(runtime);
        return CreateAsync(cancellationToken);
    }
}
