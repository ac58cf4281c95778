using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;

namespace AgentFlow.Engine.Runs;

/// <summary>Registers the workflow orchestrations and node activities on a host builder.</summary>
public static class WorkflowRuntimeExtensions
{
    /// <summary>Adds <c>agentflow.run</c>, <c>agentflow.map</c> and one activity per activity node kind.</summary>
    public static AgentFlowHostBuilder AddWorkflowRuntime(this AgentFlowHostBuilder builder, WorkflowRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(runtime);
        builder.AddOrchestrator(GraphOrchestrator.Name, () => new GraphOrchestrator(runtime.Definitions));
        builder.AddOrchestrator(MapChunkOrchestrator.Name, () => new MapChunkOrchestrator(runtime.Definitions));
        builder.AddActivity(GraphInterpreter.ApprovalEventActivity, stopping => new ApprovalEventActivity(runtime.ApprovalEvents, stopping));
        foreach (NodeKind kind in NodeExecutorRegistry.ActivityKinds)
        {
            builder.AddActivity(GraphInterpreter.ActivityName(kind), stopping => new NodeActivity(runtime.Definitions, runtime.Executors, stopping));
        }

        return builder;
    }
}
