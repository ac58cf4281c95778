using AgentFlow.Abstractions.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentFlow.Memory;

/// <summary>Registers agent memory with a host's service collection.</summary>
public static class MemoryServiceCollectionExtensions
{
    /// <summary>
    /// Adds memory: <see cref="EmbedderOptions"/> (changed by <paramref name="configure"/>), the <see cref="IEmbedder"/>
    /// and <see cref="IMemoryStore"/> they name (the store in <paramref name="dataDirectory"/> for <c>sqlite</c>), and the
    /// <c>remember</c> / <c>recall</c> executors as <see cref="INodeExecutor"/>s. Nothing is created until first resolved,
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

        services.TryAddSingleton(sp => MemoryServices.CreateEmbedder(sp.GetRequiredService<IOptions<EmbedderOptions>>().Value));
        services.TryAddSingleton(sp => MemoryServices.CreateStore(dataDirectory, sp.GetRequiredService<IOptions<EmbedderOptions>>().Value, sp.GetRequiredService<IEmbedder>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, RememberNodeExecutor>(sp => new RememberNodeExecutor(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<IEmbedder>(), sp.GetService<TimeProvider>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, RecallNodeExecutor>(sp => new RecallNodeExecutor(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<IEmbedder>(), sp.GetService<TimeProvider>())));
        return services;
    }
}
