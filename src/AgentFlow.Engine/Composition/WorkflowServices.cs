using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Approvals.Links;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Backends.AzureStorage;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Records;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tools;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Composition;

/// <summary>
/// The services a host runs workflows with, registered by <c>AddAgentFlow</c>. Each is a singleton created on first
/// use, so a host that only reads runs opens no ledger, audit or operators file.
/// </summary>
internal static class WorkflowServices
{
    public static void Add(IServiceCollection services, AgentFlowHostBuilder builder)
    {
        services.AddOptions<NotificationOptions>().Configure(o => builder.Configuration.Bind("notifications.from", v => o.From = NotificationFrom(v)));
        services.AddOptions<ApprovalLinkOptions>().Configure(o => ApprovalLinkSettings.Bind(o, builder.Configuration)).ValidateOnStart();
        services.AddOptions<AuditLogOptions>().Configure(o => builder.Configuration.Bind("audit.keyFile", v => o.KeyFile = v)).ValidateOnStart();
        services.TryAddSingleton(sp => new HostFolders(Engine(sp).DataDirectory, AllowPathsBinder.Read(builder.Configuration)));
        services.TryAddSingleton<IDefinitionStore>(sp => WorkflowRuntime.CreateStore(Engine(sp), SharedAccount(sp)));
        services.TryAddSingleton(sp => AzureStorageAccount.Create(Engine(sp).AzureStorage));
        services.TryAddSingleton(sp => SharedAccount(sp) is { } azure
            ? new AuditLog(new AzureTableAuditStorage(azure.Table(HubName(sp), SharedRecordNames.AuditTable)), Folders(sp).DataDirectory, sp.GetRequiredService<IOptions<AuditLogOptions>>().Value)
            : new AuditLog(Folders(sp).DataDirectory, sp.GetRequiredService<IOptions<AuditLogOptions>>().Value));
        services.TryAddSingleton(sp => SharedAccount(sp) is { } azure
            ? new OperatorStore(new BlobVersionedDocument(azure.Container(HubName(sp), SharedRecordNames.RecordsContainer), OperatorStore.FileName), sp.GetRequiredService<AuditLog>())
            : new OperatorStore(Folders(sp).DataDirectory, sp.GetRequiredService<AuditLog>()));

        // Memory (AgentFlow.Memory) keeps agents' memories in this account by default on azure-storage; null elsewhere.
        services.TryAddSingleton<BlobServiceClient>(sp => SharedAccount(sp)?.Blobs!);
        services.TryAddSingleton<IMailSender>(sp => new PickupFolderMailSender(Folders(sp).Outbox));
        services.TryAddKeyedSingleton(ApprovalLinks.ClockKey, TimeProvider.System);
        services.TryAddSingleton(sp => new ApprovalLinks(Folders(sp).DataDirectory, sp.GetRequiredService<IOptions<AuditLogOptions>>().Value, sp.GetRequiredService<IOptions<ApprovalLinkOptions>>().Value, sp.GetKeyedService<TimeProvider>(ApprovalLinks.ClockKey), SharedAccount(sp) is null ? null : sp.GetRequiredService<AuditLog>().Storage));
        services.TryAddSingleton<IUsedLinkStore>(sp => SharedAccount(sp) is { } azure
            ? new TableUsedLinkStore(azure.Table(HubName(sp), SharedRecordNames.LinksTable))
            : new UsedLinkStore(Folders(sp).DataDirectory));
        services.TryAddSingleton<IApprovalEventSink>(sp => new ApprovalEventSink(sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<OperatorStore>(), sp.GetRequiredService<IMailSender>(), sp.GetRequiredService<IOptions<NotificationOptions>>().Value, sp.GetRequiredService<ApprovalLinks>()));
        services.TryAddSingleton<IEffectLedger>(sp => SharedAccount(sp) is { } azure
            ? new AzureTableEffectLedger(azure.Table(HubName(sp), SharedRecordNames.EffectsTable), sp.GetService<TimeProvider>())
            : new SqliteEffectLedger(Folders(sp).DataDirectory, sp.GetService<TimeProvider>()));

        // Code tools: the built-in ones and every ICodeTool the host registers (the allow-list of code a workflow can call).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolKind, CodeToolKind>(sp => new CodeToolKind([.. BuiltInTools.Create(), .. sp.GetServices<ICodeTool>()])));
        services.TryAddSingleton<IToolCatalog>(sp => new LedgeredToolCatalog(sp.GetServices<IToolKind>(), sp.GetRequiredService<IEffectLedger>()));
        // Executors are created when a node of their kind is first checked or run (the tool catalog opens the ledger).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, DeferredNodeExecutor<ToolNodeExecutor>>(sp => new(NodeKind.Tool, () => new ToolNodeExecutor(sp.GetRequiredService<IToolCatalog>().Kinds))));
        services.TryAddSingleton(sp => new NodeExecutorRegistry(sp.GetServices<INodeExecutor>()));
        services.TryAddSingleton(sp => new WorkflowRuntime(
            sp.GetRequiredService<IDefinitionStore>(),
            sp.GetRequiredService<NodeExecutorRegistry>(),
            sp.GetRequiredService<IApprovalEventSink>(),
            Folders(sp).Paths,
            sp.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IAgentMemoryWriter)) ? new DeferredMemoryWriter(sp.GetRequiredService<IAgentMemoryWriter>) : null,
            sp.GetService<IAgentMemoryPreloader>()));
    }

    /// <summary>The account the shared records live in: on the azure-storage backend only (null on the embedded one).</summary>
    private static AzureStorageAccount? SharedAccount(IServiceProvider services) =>
        Engine(services).Backend == BackendKind.AzureStorage ? services.GetRequiredService<AzureStorageAccount>() : null;

    private static string HubName(IServiceProvider services) => Engine(services).AzureStorage.TaskHubName;

    private static AgentFlowEngineOptions Engine(IServiceProvider services) => services.GetRequiredService<IOptions<AgentFlowEngineOptions>>().Value;

    private static HostFolders Folders(IServiceProvider services) => services.GetRequiredService<HostFolders>();

    private static string NotificationFrom(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out _)
            ? value
            : throw new ConfigurationException("notifications.from", $"is '{value}'; give an address such as approvals@example.com or 'AgentFlow <approvals@example.com>'");
}
