using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Memory.Tests;

/// <summary><c>services.AddMemory(dataDirectory)</c>: the embedder, the store and the remember/recall executors.</summary>
public sealed class AddMemoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-addmemory-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AddMemory_Twice_RegistersRememberAndRecallOnce()
    {
        var services = new ServiceCollection();

        services.AddMemory(_dir).AddMemory(_dir);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal([NodeKind.Remember, NodeKind.Recall], provider.GetServices<INodeExecutor>().Select(e => e.Kind));
    }

    [Fact]
    public async Task AddMemory_NothingResolved_OpensNoMemoryFile()
    {
        var services = new ServiceCollection();

        services.AddMemory(_dir);
        await using (services.BuildServiceProvider())
        {
        }

        Assert.False(File.Exists(Path.Combine(_dir, MemoryServices.DatabaseFileName)));
    }

    [Fact]
    public async Task AddMemory_ConfiguredDimensions_ReachTheEmbedderAndTheStore()
    {
        var services = new ServiceCollection();

        services.AddMemory(_dir, o => o.Dimensions = 64);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(64, provider.GetRequiredService<IEmbedder>().Dimensions);
        Assert.IsType<SqliteMemoryStore>(provider.GetRequiredService<IMemoryStore>());
        Assert.True(File.Exists(Path.Combine(_dir, MemoryServices.DatabaseFileName)));
    }
}
