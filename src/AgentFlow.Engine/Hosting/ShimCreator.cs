using DurableTask.Core;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// Gives DurableTask.Core a fresh Durable Task SDK shim per execution: shims are stateful, so one must never be
/// shared between executions.
/// </summary>
internal sealed class ShimCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public ShimCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    public override T Create() => _create();
}
