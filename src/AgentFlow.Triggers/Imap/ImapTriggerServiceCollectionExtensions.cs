using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentFlow.Triggers.Imap;

/// <summary>Registers the IMAP trigger's runner.</summary>
public static class ImapTriggerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ImapTriggerRunner"/> as an <see cref="ITriggerRunner"/> (for the host to run
    /// every <c>imap</c> trigger) with its <see cref="ImapTriggerOptions"/>.
    /// </summary>
    public static IServiceCollection AddImapTriggers(this IServiceCollection services, Action<ImapTriggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ImapTriggerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerRunner, ImapTriggerRunner>());
        return services;
    }
}
