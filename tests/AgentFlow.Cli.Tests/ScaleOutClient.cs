using AgentFlow.Agents.Hosting;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// The fourth machine of a scale-out test, in the test process: the composed services on their own data directory,
/// with a client on the shared task hub but no worker. It starts runs, decides approvals and settles effects in doubt
/// through the same stores the workers use (operators, audit log, side-effect ledger), as a console or API host would.
/// </summary>
internal sealed class ScaleOutClient : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AgentFlowHost _host;

    private ScaleOutClient(ServiceProvider services, AgentFlowHost host, RunClient runs)
    {
        _services = services;
        _host = host;
        Runs = runs;
        Approvals = new ApprovalService(runs, Audit);
    }

    /// <summary>Runs on the shared task hub.</summary>
    public RunClient Runs { get; }

    /// <summary>Decisions, audited and delivered.</summary>
    public ApprovalService Approvals { get; }

    /// <summary>The operators as the workers' hosts see them.</summary>
    public OperatorStore Operators => _services.GetRequiredService<OperatorStore>();

    /// <summary>The audit log as every host sees it.</summary>
    public AuditLog Audit => _services.GetRequiredService<AuditLog>();

    /// <summary>The side-effect ledger as every host sees it.</summary>
    public IEffectLedger Ledger => _services.GetRequiredService<IEffectLedger>();

    /// <summary>
    /// Opens a client with <paramref name="settings"/> (keys as in agentflow.json, e.g. <c>azureStorage:taskHubName</c>)
    /// on <paramref name="dataDirectory"/>.
    /// </summary>
    public static async Task<ScaleOutClient> OpenAsync(IReadOnlyDictionary<string, string?> settings, string dataDirectory, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddInMemoryCollection([new("dataDirectory", dataDirectory)])
            .Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddAgentFlow(configuration).AddAgents();
        var services = collection.BuildServiceProvider();
        try
        {
            var runtime = services.GetRequiredService<WorkflowRuntime>();
            var host = await services.GetRequiredService<AgentFlowHostFactory>().CreateAsync(runtime, cancellationToken);
            return new ScaleOutClient(services, host, new RunClient(host, runtime));
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }
}
