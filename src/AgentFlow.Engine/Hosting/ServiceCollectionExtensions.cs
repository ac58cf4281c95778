using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentFlow.Engine.Hosting;

/// <summary>Registers the AgentFlow engine with a host's service collection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: an <see cref="AgentFlowHostBuilder"/> (returned, to register orchestrators and activities) and
    /// an <see cref="AgentFlowHostFactory"/> to create hosts from it. Calling it twice returns the same builder.
    /// </summary>
    public static AgentFlowHostBuilder AddAgentFlow(this IServiceCollection services, Action<AgentFlowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.FirstOrDefault(d => d.ServiceType == typeof(AgentFlowHostBuilder))?.ImplementationInstance as AgentFlowHostBuilder
            ?? new AgentFlowHostBuilder();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton(builder);
        services.TryAddSingleton<AgentFlowHostFactory>();
        return builder;
    }
}
