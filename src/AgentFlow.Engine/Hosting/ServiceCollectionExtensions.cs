using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Hosting;

/// <summary>Registers the AgentFlow engine with a host's service collection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: an <see cref="AgentFlowHostBuilder"/> (returned, to register orchestrators and activities and to
    /// choose a backend with <see cref="AgentFlowHostBuilder.UseSqlite"/> / <see cref="AgentFlowHostBuilder.UseAzureStorage"/>),
    /// an <see cref="AgentFlowHostFactory"/> to create hosts from it, its settings as
    /// <see cref="IOptions{TOptions}"/> of <see cref="AgentFlowEngineOptions"/>, and their validator, which every host runs
    /// when it starts. Calling it twice returns the same builder.
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
        services.TryAddSingleton<IOptions<AgentFlowEngineOptions>>(Options.Create(builder.Options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentFlowEngineOptions>, AgentFlowEngineOptionsValidator>());
        return builder;
    }

    /// <summary>
    /// Adds the engine with its settings bound from <paramref name="configuration"/> (keys as in <c>agentflow.json</c>:
    /// <c>backend</c>, <c>dataDirectory</c>, <c>durability</c>, <c>azureStorage:*</c>; see
    /// <see cref="AgentFlowEngineOptionsBinder"/>), then <paramref name="configure"/>.
    /// </summary>
    /// <exception cref="ConfigurationException">A value cannot be read (e.g. an unknown backend); the message names the setting.</exception>
    public static AgentFlowHostBuilder AddAgentFlow(this IServiceCollection services, IConfiguration configuration, Action<AgentFlowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddAgentFlow(options => AgentFlowEngineOptionsBinder.Bind(options, configuration));
        return configure is null ? builder : builder.Configure(configure);
    }
}
