using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Abstractions.Hosting;

/// <summary>
/// What <c>services.AddAgentFlow(configuration)</c> returns: the service collection being composed and the
/// configuration its settings come from, so that every part of AgentFlow adds itself the same way
/// (<c>.UseSqlite().AddAgents().AddMemory()</c>).
/// </summary>
public interface IAgentFlowBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration (keys as in agentflow.json); empty when the host gave none.</summary>
    IConfiguration Configuration { get; }
}
