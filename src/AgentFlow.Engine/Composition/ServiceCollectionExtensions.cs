using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Engine.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Composition;

/// <summary>Registers the AgentFlow engine with a host's service collection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: an <see cref="AgentFlowHostBuilder"/> (returned, to register orchestrators and activities, to
    /// choose a backend with <see cref="AgentFlowHostBuilder.UseSqlite"/> / <see cref="AgentFlowHostBuilder.UseAzureStorage"/>,
    /// and to add the other parts: <c>.AddAgents()</c>, <c>.AddMemory()</c>), an <see cref="AgentFlowHostFactory"/> to
    /// create hosts from it, its settings as <see cref="IOptions{TOptions}"/> of <see cref="AgentFlowEngineOptions"/> and
    /// their validator, which every host runs when it starts, and the workflow runtime: definitions, the audit log,
    /// operators, approval notifications, the side-effect ledger, code tools (built-in plus every registered
    /// <see cref="Abstractions.Tools.ICodeTool"/>), the tool catalog and the <see cref="Runs.WorkflowRuntime"/> (each
    /// created on first use), and telemetry export (<see cref="TelemetryBuilderExtensions.AddTelemetry"/>: off unless
    /// configured). Calling it twice returns the same builder.
    /// </summary>
    public static AgentFlowHostBuilder AddAgentFlow(this IServiceCollection services, Action<AgentFlowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.FirstOrDefault(d => d.ServiceType == typeof(AgentFlowHostBuilder))?.ImplementationInstance as AgentFlowHostBuilder
            ?? new AgentFlowHostBuilder(services);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton(builder);
        services.TryAddSingleton<AgentFlowHostFactory>();
        services.TryAddSingleton<IOptions<AgentFlowEngineOptions>>(Options.Create(builder.Options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentFlowEngineOptions>, AgentFlowEngineOptionsValidator>());
        if (services.All(d => d.ServiceType != typeof(Runs.WorkflowRuntime)))
        {
            WorkflowServices.Add(services, builder);
        }

        builder.AddTelemetry();

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
        builder.Configuration = configuration;
        return configure is null ? builder : builder.Configure(configure);
    }

    /// <summary>
    /// Runs the worker as a hosted service of a Generic Host (<see cref="AgentFlowWorkerService"/>, also resolvable for
    /// its <see cref="AgentFlowWorkerService.Client"/>): it starts with the host, after the settings are checked, and
    /// drains when the host stops; and the retention of finished runs (<see cref="RetentionBuilderExtensions.AddRetention"/>,
    /// off unless <c>retention.*</c> is configured), which purges through that worker.
    /// </summary>
    public static IAgentFlowBuilder AddWorkerService(this IAgentFlowBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.All(d => d.ServiceType != typeof(AgentFlowWorkerService)))
        {
            builder.Services.AddSingleton<AgentFlowWorkerService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentFlowWorkerService>());
        }

        return builder.AddRetention();
    }
}
