using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.TestWorker;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>One real backend per test class, with a worker running the conformance orchestrations in this process.</summary>
public abstract class BackendFixture : IAsyncLifetime
{
    private AgentFlowHost? _host;

    /// <summary>Folder for side-effect files and (for sqlite) the database.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("agentflow-engine-").FullName;

    /// <summary>The running host.</summary>
    public AgentFlowHost Host => _host ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>Backend name: sqlite or azure-storage.</summary>
    public abstract string Backend { get; }

    /// <summary>Unique task hub name for Azure Storage, so test runs never see each other's instances.</summary>
    public string TaskHub { get; } = "aft" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>What the crash-test worker process gets as its data-dir-or-connection argument.</summary>
    public abstract string Location { get; }

    /// <summary>Applies backend settings to a builder.</summary>
    public abstract void Configure(AgentFlowEngineOptions options);

    /// <summary>A separate task hub of the same backend (own data dir / hub name), e.g. for a child worker process.</summary>
    public abstract (string Location, string TaskHub) Isolated(string tag);

    /// <summary>A client-only host on an isolated task hub: no worker runs in this process.</summary>
    public async Task<AgentFlowHost> CreateIsolatedClientAsync(string tag)
    {
        var (location, hub) = Isolated(tag);
        var builder = new AgentFlowHostBuilder().Configure(o =>
        {
            Configure(o);
            o.DataDirectory = location;
            o.AzureStorage.TaskHubName = hub;
        });
        return await AgentFlowHost.CreateAsync(builder);
    }

    /// <summary>Builds a host on the same task hub; <paramref name="worker"/> false makes a client-only host.</summary>
    public async Task<AgentFlowHost> CreateHostAsync(bool worker)
    {
        var builder = new AgentFlowHostBuilder().AddConformance(Path.Combine(Directory, "side-effects.txt")).Configure(Configure);
        var host = await AgentFlowHost.CreateAsync(builder);
        if (worker)
        {
            await host.StartWorkerAsync();
        }

        return host;
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => _host = await CreateHostAsync(worker: true);

    /// <summary>Deletes the backend's stores that outlive the temporary folder (the Azure Storage task hubs).</summary>
    protected virtual Task DeleteStoresAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await DeleteStoresAsync();

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
