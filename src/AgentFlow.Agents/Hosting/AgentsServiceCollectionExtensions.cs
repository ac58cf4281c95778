using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Guards;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tools;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Core.Model;
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
    /// <see cref="ToolPolicyOptions"/> (the host's ceilings over tools' allow-lists, from the <c>tools</c> settings) are
    /// bound and checked the same way; a host that runs other people's workflows turns on strict defaults with
    /// <c>services.Configure&lt;ToolPolicyOptions&gt;(o =&gt; o.Strict = true)</c> or the setting <c>tools.strict</c>.
    /// Model prices (<see cref="PriceTable"/>, the <c>pricing</c> settings, see <see cref="PriceTableBinder"/>) give calls
    /// their cost; the setting <c>telemetry.captureContent</c> puts prompts and answers on model-call spans.
    /// </summary>
    public static IAgentFlowBuilder AddAgents(this IAgentFlowBuilder builder, Action<LlmOptions>? configureLlm = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SmtpOptions>().Configure(o => SmtpOptionsBinder.Bind(o, builder.Configuration)).ValidateOnStart();
        services.AddOptions<ToolPolicyOptions>().Configure(o => ToolPolicyOptionsBinder.Bind(o, builder.Configuration)).ValidateOnStart();
        var llm = services.AddOptions<LlmOptions>().Configure(o => builder.Configuration.Bind("telemetry.captureContent", Flag, v => o.CaptureContent = v));
        services.TryAddSingleton(_ => PriceTableBinder.Bind(builder.Configuration));
        if (configureLlm is not null)
        {
            llm.Configure(configureLlm);
        }

        // Resolved only when an SMTP server is configured.
        services.TryAddSingleton(sp => new SmtpEmailToolKind(Smtp(sp), Policy(sp)));
        services.AddSingleton<IToolKind>(sp => Smtp(sp).IsConfigured
            ? sp.GetRequiredService<SmtpEmailToolKind>()
            : new OutboxEmailToolKind(sp.GetRequiredService<HostFolders>().Outbox, Policy(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolKind, HttpToolKind>(sp => new HttpToolKind(sp.GetService<IOptions<HttpToolOptions>>()?.Value, Policy(sp))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolKind, McpToolKind>(sp => new McpToolKind(Policy(sp))));

        // With an SMTP server, the host's own mail goes there too instead of the outbox.
        services.Replace(ServiceDescriptor.Singleton<IMailSender>(sp => Smtp(sp).IsConfigured
            ? sp.GetRequiredService<SmtpEmailToolKind>()
            : new PickupFolderMailSender(sp.GetRequiredService<HostFolders>().Outbox)));
        // Created when an llm or guard node is first checked or run; the tool catalog (and its ledger) on the model's
        // first tool call, and agents' memories on the first recall.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, DeferredNodeExecutor<LlmNodeExecutor>>(sp => new(NodeKind.Llm, () => new LlmNodeExecutor(
            sp.GetRequiredService<IOptions<LlmOptions>>().Value,
            kind => sp.GetRequiredService<IToolCatalog>().Find(kind),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IAgentMemory)) ? new DeferredAgentMemory(sp.GetRequiredService<IAgentMemory>) : null,
            sp.GetRequiredService<PriceTable>()))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeExecutor, DeferredNodeExecutor<GuardNodeExecutor>>(sp => new(NodeKind.Guard, () => new GuardNodeExecutor(
            sp.GetRequiredService<IOptions<LlmOptions>>().Value,
            sp.GetService<ILoggerFactory>()))));
        return builder;
    }

    private static bool Flag(string text, string setting) =>
        bool.TryParse(text, out var flag) ? flag : throw new ConfigurationException(setting, $"is '{text}'; use true or false");

    private static ToolPolicyOptions Policy(IServiceProvider services) => services.GetRequiredService<IOptions<ToolPolicyOptions>>().Value;

    private static SmtpOptions Smtp(IServiceProvider services) => services.GetRequiredService<IOptions<SmtpOptions>>().Value;
}
