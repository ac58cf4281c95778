using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Registers the workflow orchestrations and node activities on a host builder.</summary>
public static class WorkflowRuntimeExtensions
{
    /// <summary>Adds <c>agentflow.run</c>, <c>agentflow.map</c> and one activity per activity node kind (<see cref="RunNames"/>).</summary>
    public static AgentFlowHostBuilder AddWorkflowRuntime(this AgentFlowHostBuilder builder, WorkflowRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(runtime);
        builder.AddOrchestrator(RunNames.RunOrchestration, () => new GraphOrchestrator(runtime.Definitions));
        builder.AddOrchestrator(RunNames.MapOrchestration, () => new MapChunkOrchestrator(runtime.Definitions));
        builder.AddActivity(RunNames.ApprovalEventActivity, stopping => new ApprovalEventActivity(runtime.ApprovalEvents, stopping));
        builder.AddActivity(RunNames.FeedbackActivity, stopping => new FeedbackActivity(runtime.Memory, stopping));
        foreach (NodeKind kind in NodeExecutorRegistry.ActivityKinds)
        {
            builder.AddActivity(RunNames.NodeActivity(kind), stopping => new NodeActivity(runtime.Definitions, runtime.Executors, stopping));
        }

        return builder;
    }
}
