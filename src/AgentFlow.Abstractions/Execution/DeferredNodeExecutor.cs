using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Abstractions.Execution;

/// <summary>
/// An executor of type <typeparamref name="T"/> created on first use, so a host composed with every kind builds only
/// the executors (models, memory stores, tool kinds...) of the nodes it checks or runs; the CLI starts faster that way.
/// A failure to create it is reported when a node of its kind is checked or run, naming that node (a
/// <see cref="ConfigurationException"/>, which names its setting, is kept as it is).
/// </summary>
/// <typeparam name="T">The executor's type (also what keeps registrations of different executors apart).</typeparam>
public sealed class DeferredNodeExecutor<T> : INodeExecutor, IAsyncDisposable, IDisposable
    where T : INodeExecutor
{
    private readonly Lazy<T> _executor;

    /// <summary>Creates the wrapper of the executor of <paramref name="kind"/> that <paramref name="create"/> makes on first use.</summary>
    public DeferredNodeExecutor(NodeKind kind, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Kind = kind;
        _executor = new Lazy<T>(create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public NodeKind Kind { get; }

    /// <summary>Whether the executor has been created.</summary>
    public bool IsCreated => _executor.IsValueCreated;

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Executor(node.Id).CheckAsync(workflow, node, workflowFile, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Executor(context.NodeId).ExecuteAsync(context, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_executor.IsValueCreated)
        {
            return;
        }

        switch (_executor.Value)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_executor.IsValueCreated && _executor.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private T Executor(string nodeId)
    {
        try
        {
            return _executor.Value;
        }
        catch (Exception ex) when (ex is not ConfigurationException and not OperationCanceledException)
        {
            throw new NodeExecutionException($"node '{nodeId}': the '{NodeKinds.ToJson(Kind)}' executor cannot be created: {ex.Message}", ex);
        }
    }
}
