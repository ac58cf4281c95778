using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Bench;

/// <summary>
/// A workflow host built the way every AgentFlow host is (<c>services.AddAgentFlow(configuration)</c>), on the embedded
/// backend in <c>DIRECTORY/data</c>, with its worker running.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AgentFlowHost _host;

    private BenchHost(ServiceProvider services, AgentFlowHost host, RunClient client)
    {
        _services = services;
        _host = host;
        Client = client;
    }

    public RunClient Client { get; }

    /// <summary>Resolves a composed service (the audit log, operators, ...).</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<BenchHost> OpenAsync(string directory, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("dataDirectory", Path.Combine(directory, "data")),
            new("audit:keyFile", Path.Combine(directory, "keys", "audit.key")),
        ]).Build();
        var services = new ServiceCollection();
        services.AddAgentFlow(configuration);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var runtime = provider.GetRequiredService<WorkflowRuntime>();
        var host = await provider.GetRequiredService<AgentFlowHostFactory>().CreateAsync(runtime, cancellationToken);
        await host.StartWorkerAsync(cancellationToken);
        return new BenchHost(provider, host, new RunClient(host, runtime));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }
}
