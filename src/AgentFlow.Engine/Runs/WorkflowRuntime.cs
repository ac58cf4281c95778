using AgentFlow.Abstractions.Memory;
using AgentFlow.Core.Paths;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Backends.AzureStorage;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Engine.Runs;

/// <summary>What runs workflows in a host: the definition store and the executors of activity nodes.</summary>
public sealed class WorkflowRuntime
{
    /// <summary>
    /// Creates a runtime; <paramref name="paths"/> says which folders workflows' files may name (default: each
    /// workflow's own folder); <paramref name="memory"/> is where approvals with <c>learn</c> remember feedback;
    /// <paramref name="preloader"/> warms the memories a workflow reads when a run of it is first started or continued
    /// in this process (none: recalls open them).
    /// </summary>
    public WorkflowRuntime(IDefinitionStore store, NodeExecutorRegistry executors, IApprovalEventSink? approvalEvents = null, PathConfinement? paths = null, IAgentMemoryWriter? memory = null, IAgentMemoryPreloader? preloader = null)
    {
        Memory = memory;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(executors);
        Store = store;
        Executors = executors;
        ApprovalEvents = approvalEvents;
        Paths = paths ?? PathConfinement.WorkflowFolderOnly;
        Definitions = new DefinitionCache(store, preloader);
    }

    /// <summary>Where approval nodes report waiting, escalation and timeout (audit, notifications); null: nowhere.</summary>
    public IApprovalEventSink? ApprovalEvents { get; }

    /// <summary>Where approvals with <c>learn</c> remember their feedback; null: such workflows cannot run here.</summary>
    public IAgentMemoryWriter? Memory { get; }

    /// <summary>Which folders the sub-workflow files of a workflow may lie in, besides the workflow's own (<c>allowPaths</c>).</summary>
    public PathConfinement Paths { get; }

    /// <summary>Where pinned definitions live.</summary>
    public IDefinitionStore Store { get; }

    /// <summary>The executors of activity nodes.</summary>
    public NodeExecutorRegistry Executors { get; }

    internal DefinitionCache Definitions { get; }

    /// <summary>The definition store that matches the configured backend: files in the data dir, or blobs next to the task hub.</summary>
    public static IDefinitionStore CreateStore(AgentFlowEngineOptions options, AzureStorageAccount? account = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Backend == BackendKind.AzureStorage
            ? new BlobDefinitionStore((account ?? AzureStorageAccount.Create(options.AzureStorage)).Container(options.AzureStorage.TaskHubName, SharedRecordNames.DefinitionsContainer))
            : new FileDefinitionStore(options.DataDirectory);
    }
}
