using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Samples;

/// <summary>Registers the sample code tools with a host, the way a deployment registers its own.</summary>
public static class SampleToolsServiceCollectionExtensions
{
    /// <summary>Adds <c>orders.lookup</c> and <c>payments.refund</c> (booking refunds in the host's data directory) as <see cref="ICodeTool"/>s.</summary>
    public static IAgentFlowBuilder AddSampleTools(this IAgentFlowBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ICodeTool>(_ => new OrdersLookupTool());
        builder.Services.AddSingleton<ICodeTool>(sp => new PaymentsRefundTool(sp.GetRequiredService<HostFolders>().DataDirectory));
        return builder;
    }
}
