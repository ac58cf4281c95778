using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Abstractions.Execution;

/// <summary>
/// An executor of type <typeparamref name="T"/> created on first use, so a host composed with every kind builds only
/// the executors (models, memory stores, tool kinds...) of the nodes it checks or runs; the CLI starts faster that way.
/// A failure to create it is reported when a node of its kind is checked or run, naming that node (a
/// <see cref="ConfigurationException"/>, which names its setting, is kept as it is). A failed creation is not
/// remembered: the next node of the kind tries again, so a long-lived worker recovers once the cause is mended.
/// </summary>
/// <typeparam name="T">The executor's type (also what keeps registrations of different executors apart).</typeparam>
public sealed class DeferredNodeExecutor<T> : INodeExecutor, IAsyncDisposable, IDisposable
    where T : INodeExecutor
{
    private readonly Func<T> _create;
    private readonly Lock _gate = new();
    private T? _executor;
    private volatile bool _created;

    /// <summary>Creates the wrapper of the executor of <paramref name="kind"/> that <paramref name="create"/> makes on first use.</summary>
    public DeferredNodeExecutor(NodeKind kind, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Kind = kind;
        _create = create;
    }

    /// <inheritdoc />
    public NodeKind Kind { get; }

    /// <summary>Whether the executor has been created.</summary>
    public bool IsCreated => _created;

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
        if (!_created)
        {
            return;
        }

        switch (_executor)
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
        if (_created && _executor is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private T Executor(string nodeId)
    {
        if (_created)
        {
            return _executor!;
        }

        try
        {
            lock (_gate)
            {
                if (!_created)
                {
                    _executor = _create();
                    _created = true;
                }

                return _executor!;
            }
        }
        catch (Exception ex) when (ex is not ConfigurationException and not OperationCanceledException)
        {
            throw new NodeExecutionException($"node '{nodeId}': the '{NodeKinds.ToJson(Kind)}' executor cannot be created: {ex.Message}", ex);
        }
    }
}
