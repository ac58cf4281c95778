using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>The Azure Storage backend on Azurite (127.0.0.1), which infra/local/azurite.sh and .ci/run start.</summary>
public sealed class AzureStorageFixture : BackendFixture
{
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _isolatedHubs = [];

    /// <summary>Azurite's well-known development connection string, overridable for a real account.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("AGENTFLOW_TEST_AZURE_STORAGE") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    /// <inheritdoc />
    public override string Backend => "azure-storage";

    /// <inheritdoc />
    public override string Location => ConnectionString;

    /// <inheritdoc />
    public override (string Location, string TaskHub) Isolated(string tag)
    {
        _isolatedHubs.Add(TaskHub + tag);
        return (ConnectionString, TaskHub + tag);
    }

    /// <inheritdoc />
    public override void Configure(AgentFlowEngineOptions options)
    {
        options.Backend = BackendNames.Parse(Backend);
        options.AzureStorage.ConnectionString = ConnectionString;
        options.AzureStorage.TaskHubName = TaskHub;
        options.AzureStorage.PartitionCount = 2;
        options.AzureStorage.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
        options.AzureStorage.WorkerId = "conformance-" + TaskHub;
    }

    /// <inheritdoc />
    protected override async Task DeleteStoresAsync()
    {
        foreach (var hub in _isolatedHubs.Distinct().Append(TaskHub))
        {
            await AzureTaskHubs.DeleteAsync(ConnectionString, hub);
        }
    }
}
