using DurableTask.Core;

namespace AgentFlow.Engine.Backends;

/// <summary>
/// A durable task hub: where orchestration state, history and queues live. The same orchestrators and activities
/// run on every backend; only this object changes.
/// </summary>
public interface IDurableBackend : IAsyncDisposable
{
    /// <summary>The configuration name of the backend (<c>sqlite</c>, <c>azure-storage</c>).</summary>
    string Name { get; }

    /// <summary>The worker side: work-item queues the <see cref="TaskHubWorker"/> dispatches from.</summary>
    IOrchestrationService Service { get; }

    /// <summary>The client side: start, query, raise events, terminate, purge.</summary>
    IOrchestrationServiceClient Client { get; }

    /// <summary>Creates the store if it does not exist yet; never deletes anything already stored.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);
}
