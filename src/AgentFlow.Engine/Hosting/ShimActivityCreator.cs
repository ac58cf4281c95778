using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace AgentFlow.Engine.Hosting;

/// <summary>Creates a fresh Durable Task SDK activity shim per execution.</summary>
internal sealed class ShimActivityCreator : ObjectCreator<TaskActivity>
{
    private readonly DurableTaskShimFactory _factory;
    private readonly Func<ITaskActivity> _create;

    public ShimActivityCreator(string name, Func<ITaskActivity> create, DurableTaskShimFactory factory)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
        _factory = factory;
    }

    public override TaskActivity Create() => _factory.CreateActivity(new TaskName(Name), _create());
}
