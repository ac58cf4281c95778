using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Composition;

/// <summary>Registers telemetry export with a host's services.</summary>
public static class TelemetryBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="TelemetryOptions"/> bound from the builder's configuration (<c>telemetry.*</c>, then the standard
    /// <c>OTEL_*</c> variables; see <see cref="TelemetryOptionsBinder"/>), checked when the host starts, then
    /// <paramref name="configure"/>; and the <see cref="TelemetryPipeline"/> those options describe, started with the
    /// first AgentFlow host the <see cref="AgentFlowHostFactory"/> creates and flushed when the services are disposed.
    /// <c>AddAgentFlow</c> calls it, so every host exports the same way; call it again to change the options (the CLI
    /// sets <see cref="TelemetryOptions.SpanLog"/> for <c>--verbose</c>). Nothing is started when the options export nothing.
    /// </summary>
    public static IAgentFlowBuilder AddTelemetry(this IAgentFlowBuilder builder, Action<TelemetryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.All(d => d.ServiceType != typeof(TelemetryPipeline)))
        {
            // The configuration is read when the options are first needed, so a host may set it after this call.
            services.AddOptions<TelemetryOptions>().Configure(o => TelemetryOptionsBinder.Bind(o, builder.Configuration)).ValidateOnStart();
            services.TryAddSingleton(sp => TelemetryPipeline.Start(
                sp.GetRequiredService<IOptions<TelemetryOptions>>().Value,
                sp.GetService<ILoggerFactory>()?.CreateLogger("AgentFlow.Telemetry")));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
