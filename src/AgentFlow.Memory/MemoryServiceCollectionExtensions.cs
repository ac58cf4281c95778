using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Core.Model;
using AgentFlow.Memory.Retrieval;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Memory;

/// <summary>Registers agent memory with a host's service collection.</summary>
public static class MemoryServiceCollectionExtensions
{
    /// <summary>
    /// Adds memory: <see cref="EmbedderOptions"/> (changed by <paramref name="configure"/>), the <see cref="IEmbedder"/>
    /// and <see cref="IMemoryStore"/> they name (the store in <paramref name="dataDirectory"/> for <c>sqlite</c>; for
    /// <c>azure-blob</c> without a connection string, in the account of the registered <see cref="BlobServiceClient"/>), and the
    /// <c>remember</c> / <c>recall</c> executors as <see cref="INodeExecutor"/>s, the <see cref="IAgentMemoryWriter"/> approvals learn through, and the
    /// <see cref="IAgentMemoryPreloader"/> that warms the memories a workflow reads when its run starts (<see cref="EmbedderOptions.Preload"/>). Nothing is created until first resolved,
    /// so a host that never runs a memory node opens no memory file. Registrations already made are kept.
    /// </summary>
    public static IServiceCollection AddMemory(this IServiceCollection services, string dataDirectory, Action<EmbedderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var options = services.AddOptions<EmbedderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp => MemoryServices.CreateEmbedder(sp.GetRequiredService<IOptions<EmbedderOptions>>().Value, sp.GetService<PriceTable>()));
        services.TryAddSingleton(sp => MemoryServices.CreateStore(dataDirectory, sp.GetRequiredService<IOptions<EmbedderOptions>>().Value, sp.GetRequiredService<IEmbedder>(), sp.GetService<BlobServiceClient>()));
        AddMemoryNodes(services);
        return services;
    }

    /// <summary>
    /// Adds memory and retrieval to a host composed with <c>services.AddAgentFlow(configuration)</c>: the embedder and
    /// store of the <c>memory</c> settings (bound from the builder's configuration and checked when the host starts; the
    /// store in the host's data directory for <c>sqlite</c>; <c>azure-blob</c>, the default on the azure-storage backend,
    /// in container <c>&lt;task hub&gt;-memory</c> of the registered <see cref="BlobServiceClient"/>'s account unless
    /// <c>memory.connectionString</c> names another), <c>remember</c> / <c>recall</c>, agents' memories for
    /// <c>llm</c> nodes (<see cref="IAgentMemory"/>), and <c>retrieve</c> over the index in the data directory (on the
    /// azure-storage backend, in container <c>&lt;task hub&gt;-retrieval</c> of that account, shared by every machine),
    /// whose sources may lie in the host's <c>allowPaths</c>. Embedding calls are priced from the <see cref="PriceTable"/> of
    /// the <c>pricing</c> settings (see <see cref="PriceTableBinder"/>). Nothing is opened until first used.
    /// </summary>
    public static IAgentFlowBuilder AddMemory(this IAgentFlowBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<EmbedderOptions>().Configure(o => EmbedderOptionsBinder.Bind(o, builder.Configuration)).ValidateOnStart();
        services.TryAddSingleton(_ => PriceTableBinder.Bind(builder.Configuration));
        services.TryAddSingleton(sp => MemoryServices.CreateEmbedder(sp.GetRequiredService<IOptions<EmbedderOptions>>().Value, sp.GetRequiredService<PriceTable>()));
        services.TryAddSingleton(sp => MemoryServices.CreateStore(Folders(sp).DataDirectory, sp.GetRequiredService<IOptions<EmbedderOptions>>().Value, sp.GetRequiredService<IEmbedder>(), sp.GetService<BlobServiceClient>()));
        services.TryAddSingleton<IAgentMemory>(sp => new AgentMemory(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<IEmbedder>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new RetrievalService(
            Folders(sp).DataDirectory,
            sp.GetRequiredService<IEmbedder>(),
            new RetrievalOptions { AllowPaths = Folders(sp).Paths.AllowPaths },
            timeProvider: sp.GetService<TimeProvider>(),
            indexContainer: SharedRetrievalIndex.Container(builder.Configuration, sp.GetService<BlobServiceClient>())));
        AddMemoryNodes(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, DeferredNodeExecutor<RetrieveNodeExecutor>>(sp => new(NodeKind.Retrieve, () => new RetrieveNodeExecutor(sp.GetRequiredService<RetrievalService>()))));
        return builder;
    }

    private static HostFolders Folders(IServiceProvider services) => services.GetRequiredService<HostFolders>();

    private static void AddMemoryNodes(IServiceCollection services)
    {
        // Approvals with `learn` remember their feedback through this (the engine does not reference the store).
        services.TryAddSingleton<IAgentMemoryWriter>(sp => new AgentMemory(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<IEmbedder>(), sp.GetService<TimeProvider>()));
        // The engine warms the memories a workflow reads when a run of it first starts or continues here (memory.preload).
        services.TryAddSingleton<IAgentMemoryPreloader>(sp => new AgentMemoryPreloader(
            () => sp.GetRequiredService<IOptions<EmbedderOptions>>().Value is { Preload: true, Store: MemoryStoreKind.Sqlite } ? sp.GetRequiredService<IMemoryStore>() : null,
            sp.GetService<ILogger<AgentMemoryPreloader>>()));
        // Created when a node of the kind is first checked or run, so a workflow without memory nodes opens no store.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, DeferredNodeExecutor<RememberNodeExecutor>>(sp => new(NodeKind.Remember, () => new RememberNodeExecutor(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<IEmbedder>(), sp.GetService<TimeProvider>()))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, DeferredNodeExecutor<RecallNodeExecutor>>(sp => new(NodeKind.Recall, () => new RecallNodeExecutor(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<IEmbedder>(), sp.GetService<TimeProvider>()))));
    }
}
