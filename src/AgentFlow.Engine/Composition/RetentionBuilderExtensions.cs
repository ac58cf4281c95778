using AgentFlow.Abstractions.Hosting;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Composition;

/// <summary>Registers the retention of finished runs with a long-lived host.</summary>
public static class RetentionBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="RetentionOptions"/> bound from the builder's configuration (<c>retention.*</c>, see
    /// <see cref="RetentionOptionsBinder"/>; checked when the host starts), then <paramref name="configure"/>, and the
    /// <see cref="RetentionService"/> as a hosted service that purges through the host's worker
    /// (<see cref="AgentFlowWorkerService"/>; add it first). <see cref="ServiceCollectionExtensions.AddWorkerService"/>
    /// calls it, so every long-lived host applies retention; it does nothing unless retention is configured.
    /// </summary>
    public static IAgentFlowBuilder AddRetention(this IAgentFlowBuilder builder, Action<RetentionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.All(d => d.ServiceType != typeof(RetentionService)))
        {
            // The configuration is read when the options are first needed, so a host may set it after this call.
            services.AddOptions<RetentionOptions>().Configure(o => RetentionOptionsBinder.Bind(o, builder.Configuration)).ValidateOnStart();
            services.AddSingleton(sp => new RetentionService(
                () => sp.GetRequiredService<AgentFlowWorkerService>().Client,
                () => sp.GetRequiredService<IEffectLedger>(),
                sp.GetRequiredService<IOptions<RetentionOptions>>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger<RetentionService>() ?? NullLogger<RetentionService>.Instance,
                sp.GetService<TimeProvider>()));
            services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
