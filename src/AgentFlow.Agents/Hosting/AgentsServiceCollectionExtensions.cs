using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Agents.Hosting;

/// <summary>Adds AgentFlow's model and tool steps to a host composed with <c>services.AddAgentFlow(configuration)</c>.</summary>
public static class AgentsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>llm</c> executor (Semantic Kernel providers and the offline local model; agents' memories when an
    /// <see cref="IAgentMemory"/> is registered; the model's tool calls go through the host's <see cref="IToolCatalog"/>)
    /// and the tool kinds <c>email</c> (the SMTP server of the <c>smtp</c> settings, else <c>.eml</c> files in the
    /// outbox folder), <c>http</c> and <c>mcp</c>. <see cref="SmtpOptions"/> are bound from the builder's configuration
    /// and checked when the host starts; the SMTP server also sends the host's own mail (approval notifications).
    /// </summary>
    public static IAgentFlowBuilder AddAgents(this IAgentFlowBuilder builder, Action<LlmOptions>? configureLlm = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SmtpOptions>().Configure(o => SmtpOptionsBinder.Bind(o, builder.Configuration)).ValidateOnStart();
        var llm = services.AddOptions<LlmOptions>();
        if (configureLlm is not null)
        {
            llm.Configure(configureLlm);
        }

        // Resolved only when an SMTP server is configured.
        services.TryAddSingleton(sp => new SmtpEmailToolKind(Smtp(sp)));
        services.AddSingleton<IToolKind>(sp => Smtp(sp).IsConfigured
            ? sp.GetRequiredService<SmtpEmailToolKind>()
            : new OutboxEmailToolKind(sp.GetRequiredService<HostFolders>().Outbox));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolKind, HttpToolKind>(_ => new HttpToolKind()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolKind, McpToolKind>(_ => new McpToolKind()));

        // With an SMTP server, the host's own mail goes there too instead of the outbox.
        services.Replace(ServiceDescriptor.Singleton<IMailSender>(sp => Smtp(sp).IsConfigured
            ? sp.GetRequiredService<SmtpEmailToolKind>()
            : new PickupFolderMailSender(sp.GetRequiredService<HostFolders>().Outbox)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, LlmNodeExecutor>(sp => new LlmNodeExecutor(
            sp.GetRequiredService<IOptions<LlmOptions>>().Value,
            sp.GetRequiredService<IToolCatalog>().Find,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IAgentMemory>())));
        return builder;
    }

    private static SmtpOptions Smtp(IServiceProvider services) => services.GetRequiredService<IOptions<SmtpOptions>>().Value;
}
