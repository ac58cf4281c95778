using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.InMemory;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.InMemory;

/// <summary>The workflow runtime on the in-memory task hub (definitions, audit and operators still in a temporary folder).</summary>
public sealed class InMemoryWorkflowHarness : WorkflowHarness
{
    /// <inheritdoc />
    protected override void ConfigureHost(AgentFlowHostBuilder builder) => builder.UseInMemory();
}
