using AgentFlow.Abstractions.Hosting;
using AgentFlow.Core.Paths;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Memory.Tests;

/// <summary>A host's memory services as <c>AddMemory()</c> composes them from settings, with the account a host would register.</summary>
internal static class MemoryComposition
{
    /// <summary>
    /// The services of <c>AddMemory()</c> over <paramref name="dataDirectory"/> with <paramref name="settings"/>, and
    /// <paramref name="account"/> registered as the engine registers its storage account on azure-storage (none when null).
    /// </summary>
    public static ServiceProvider Compose(string dataDirectory, Dictionary<string, string?> settings, BlobServiceClient? account)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new HostFolders(dataDirectory, new PathConfinement([])));
        if (account is not null)
        {
            services.AddSingleton(account);
        }

        new Builder(services, new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).AddMemory();
        return services.BuildServiceProvider();
    }

    private sealed record Builder(IServiceCollection Services, IConfiguration Configuration) : IAgentFlowBuilder;
}
