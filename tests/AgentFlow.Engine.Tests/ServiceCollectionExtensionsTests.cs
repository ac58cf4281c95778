using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.TestWorker;
using AgentFlow.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Engine.Tests;

public sealed class ServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-di-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AddAgentFlow_RegisteredOrchestrations_RunThroughTheResolvedFactory()
    {
        var services = new ServiceCollection();
        services.AddAgentFlow(o => o.DataDirectory = _dir).AddConformance();
        await using var provider = services.BuildServiceProvider();

        await using var host = await provider.GetRequiredService<AgentFlowHostFactory>().CreateAsync();
        await host.StartWorkerAsync();
        var instance = await host.Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.Sequence), string.Empty, "di", "d");

        Assert.Equal("d123", Wait.Output<string>(await Wait.ForCompletionAsync(host, instance)));
    }

    [Fact]
    public void AddAgentFlow_Twice_ReturnsTheSameBuilder()
    {
        var services = new ServiceCollection();

        var first = services.AddAgentFlow();
        var second = services.AddAgentFlow(o => o.Backend = BackendKind.AzureStorage);

        Assert.Same(first, second);
        Assert.Equal(BackendKind.AzureStorage, first.Options.Backend);
        Assert.Single(services, d => d.ServiceType == typeof(AgentFlowHostBuilder));
    }
}
