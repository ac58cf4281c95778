using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.InMemory;
using AgentFlow.Engine.TestWorker;

namespace AgentFlow.Engine.Tests.InMemory;

/// <summary>A host on the in-memory task hub, its worker running the conformance orchestrations.</summary>
public sealed class InMemoryHubFixture : IAsyncLifetime
{
    private AgentFlowHost? _host;

    /// <summary>The running host.</summary>
    public AgentFlowHost Host => _host ?? throw new InvalidOperationException("fixture not initialised");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _host = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddConformance().UseInMemory());
        await _host.StartWorkerAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
