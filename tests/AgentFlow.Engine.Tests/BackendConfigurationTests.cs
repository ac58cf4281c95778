using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.TestWorker;
using AgentFlow.Engine.Tests.Support;
using DurableTask.Core;

namespace AgentFlow.Engine.Tests;

public sealed class BackendConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<AgentFlowHost> CreateAsync(Action<AgentFlowEngineOptions> configure) =>
        AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddConformance().Configure(configure));

    [Fact]
    public void UnknownBackend_FailsNamingTheSettingAndTheChoices()
    {
        var ex = Assert.Throws<ConfigurationException>(() => BackendNames.Parse("postgres"));

        Assert.Equal("backend", ex.Setting);
        Assert.Contains("sqlite, azure-storage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataDirectoryUnderAFile_FailsNamingDataDirectory()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => CreateAsync(o => o.DataDirectory = Path.Combine(file, "data")));

        Assert.Equal("dataDirectory", ex.Setting);
    }

    [Fact]
    public async Task CorruptedDatabase_FailsClearly_AndLeavesTheFileUntouched()
    {
        var data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "agentflow.db");
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(db, garbage);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => CreateAsync(o => o.DataDirectory = data));

        Assert.Equal("dataDirectory", ex.Setting);
        Assert.Contains("not a valid AgentFlow database", ex.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(db));
    }

    [Fact]
    public async Task UnreachableAzureStorage_FailsFastNamingTheConnectionString()
    {
        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => CreateAsync(o =>
        {
            o.Backend = BackendKind.AzureStorage;
            o.AzureStorage.ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10999/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10998/devstoreaccount1;TableEndpoint=http://127.0.0.1:10997/devstoreaccount1;";
        }));

        Assert.Equal("azureStorage.connectionString", ex.Setting);
        Assert.Contains("cannot reach storage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsFinishedAndWaitingInstances()
    {
        var data = Path.Combine(_dir, "data");
        OrchestrationInstance waiting;
        await using (var first = await CreateAsync(o => o.DataDirectory = data))
        {
            await first.StartWorkerAsync();
            var done = await first.Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.Sequence), string.Empty, "kept-done", "k");
            await Wait.ForCompletionAsync(first, done);
            waiting = await first.Client.CreateOrchestrationInstanceAsync(nameof(TestOrchestrations.AwaitEvent), string.Empty, "kept-waiting", "k");
            await Wait.ForCustomStatusAsync(first, waiting, "waiting");
        }

        await using var second = await CreateAsync(o => o.DataDirectory = data);
        await second.StartWorkerAsync();
        await second.Client.RaiseEventAsync(waiting, "approval", "later");
        var resumed = await Wait.ForCompletionAsync(second, waiting);

        Assert.Equal("k123", Wait.Output<string>((await second.Client.GetOrchestrationStateAsync("kept-done"))!));
        Assert.Equal("k:later", Wait.Output<string>(resumed));
    }
}
