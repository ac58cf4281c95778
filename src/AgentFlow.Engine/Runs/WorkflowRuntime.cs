using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Engine.Runs;

/// <summary>What runs workflows in a host: the definition store and the executors of activity nodes.</summary>
public sealed class WorkflowRuntime
{
    /// <summary>Creates a runtime.</summary>
    public WorkflowRuntime(IDefinitionStore store, NodeExecutorRegistry executors, IApprovalEventSink? approvalEvents = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(executors);
        Store = store;
        Executors = executors;
        ApprovalEvents = approvalEvents;
        Definitions = new DefinitionCache(store);
    }

    /// <summary>Where approval nodes report waiting, escalation and timeout (audit, notifications); null: nowhere.</summary>
    public IApprovalEventSink? ApprovalEvents { get; }

    /// <summary>Where pinned definitions live.</summary>
    public IDefinitionStore Store { get; }

    /// <summary>The executors of activity nodes.</summary>
    public NodeExecutorRegistry Executors { get; }

    internal DefinitionCache Definitions { get; }

    /// <summary>The definition store that matches the configured backend: files in the data dir, or blobs next to the task hub.</summary>
    public static IDefinitionStore CreateStore(AgentFlowEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Backend == "azure-storage" && options.AzureStorage.ConnectionString is { Length: > 0 } connection
            ? new BlobDefinitionStore(connection, $"{options.AzureStorage.TaskHubName.ToLowerInvariant()}-definitions")
            : new FileDefinitionStore(options.DataDirectory);
    }
}
