using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;
using AgentFlow.Triggers.Imap;
using AgentFlow.Triggers.Schedules;
using AgentFlow.Triggers.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Triggers;

/// <summary>Registers the trigger host with a long-lived host's services.</summary>
public static class TriggerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="TriggerHost"/> as a hosted service (also resolvable, for the server's API), the
    /// <c>triggers.db</c> store, the built-in runners (<see cref="ScheduleTriggerRunner"/> and, with its default
    /// options, <see cref="Imap.ImapTriggerRunner"/>), and <see cref="TriggerRuns"/> over the worker's run client. Call it
    /// after <c>AddAgentFlow(...).AddWorkerService()</c>: hosted services start in order, and triggers start runs only
    /// once the worker runs. Other runners are added as <see cref="ITriggerRunner"/>s.
    /// </summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services, Action<TriggerHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TriggerHostOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp => new TriggerStateStore(sp.GetRequiredService<IOptions<AgentFlowEngineOptions>>().Value.DataDirectory));
        services.TryAddSingleton(sp => new TriggerRuns(() => sp.GetRequiredService<AgentFlowWorkerService>().Client));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerRunner, ScheduleTriggerRunner>());
        services.AddImapTriggers();
        if (services.All(d => d.ServiceType != typeof(TriggerHost)))
        {
            services.AddSingleton(sp => new TriggerHost(
                sp.GetRequiredService<IOptions<TriggerHostOptions>>(),
                sp.GetRequiredService<TriggerStateStore>(),
                sp.GetRequiredService<TriggerRuns>(),
                sp.GetServices<ITriggerRunner>(),
                sp.GetRequiredService<AuditLog>(),
                sp.GetRequiredService<WorkflowRuntime>().Paths,
                sp.GetRequiredService<ILogger<TriggerHost>>()));
            services.AddHostedService(sp => sp.GetRequiredService<TriggerHost>());
        }

        return services;
    }
}
