using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace AgentFlow.Engine.Hosting;

/// <summary>Creates a fresh Durable Task SDK shim per execution (the shim is stateful, so it must never be shared).</summary>
internal sealed class ShimOrchestrationCreator : ObjectCreator<TaskOrchestration>
{
    private readonly DurableTaskShimFactory _factory;
    private readonly Func<ITaskOrchestrator> _create;

    public ShimOrchestrationCreator(string name, Func<ITaskOrchestrator> create, DurableTaskShimFactory factory)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
        _factory = factory;
    }

    public override TaskOrchestration Create() => _factory.CreateOrchestration(new TaskName(Name), _create(), parent: null);
}
