using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>The workflow harness on the azure-storage backend (Azurite), with its own task hub and definition container.</summary>
public sealed class AzureWorkflowHarness : WorkflowHarness
{
    private readonly string _hub = "afw" + Guid.NewGuid().ToString("N")[..12];

    protected override AgentFlowEngineOptions CreateOptions()
    {
        var options = new AgentFlowEngineOptions { Backend = BackendKind.AzureStorage, DataDirectory = Path.Combine(Directory, "data") };
        options.AzureStorage.ConnectionString = AzureStorageFixture.ConnectionString;
        options.AzureStorage.TaskHubName = _hub;
        options.AzureStorage.PartitionCount = 2;
        options.AzureStorage.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
        options.AzureStorage.WorkerId = "workflows-" + _hub;
        return options;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await AzureTaskHubs.DeleteAsync(AzureStorageFixture.ConnectionString, _hub);
    }
}
