using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Backends.AzureStorage;
using AgentFlow.Engine.Hosting;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Moq;

namespace AgentFlow.Engine.Tests;

/// <summary>How the azure-storage backend reaches its account: a connection string, or an account name / URIs with a credential.</summary>
public sealed class AzureStorageAccountTests
{
    private static readonly TokenCredential Credential = new Mock<TokenCredential>(MockBehavior.Strict).Object;

    [Fact]
    public void ConnectionString_GivesClientsOnThatAccount_WithoutACredential()
    {
        var account = AzureStorageAccount.Create(new AzureStorageBackendOptions { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.False(account.UsesCredential);
        Assert.Equal("azureStorage.connectionString", account.Setting);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", account.Blobs.Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", account.Tables.Uri.ToString().TrimEnd('/'));
        Assert.Equal("devstoreaccount1", account.Queues.AccountName);
    }

    [Fact]
    public void AccountName_UsesTheCredentialAndThePublicEndpoints_AndNamesStoresAfterTheHub()
    {
        var account = AzureStorageAccount.Create(new AzureStorageBackendOptions { AccountName = "agentflowprod" }, Credential);

        Assert.True(account.UsesCredential);
        Assert.Equal("azureStorage.accountName", account.Setting);
        Assert.Equal(new Uri("https://agentflowprod.blob.core.windows.net/"), account.Blobs.Uri);
        Assert.Equal(new Uri("https://agentflowprod.queue.core.windows.net/"), account.Queues.Uri);
        Assert.Equal("agentflowprod", account.Tables.AccountName);
        Assert.Equal("newsletters-definitions", account.Container("Newsletters", "definitions").Name);
        Assert.Equal("NewslettersAudit", account.Table("Newsletters", "Audit").Name);
    }

    [Fact]
    public void ServiceUris_OverrideTheAccountNamesEndpoints()
    {
        var account = AzureStorageAccount.Create(
            new AzureStorageBackendOptions
            {
                BlobServiceUri = new Uri("https://blob.private.example/"),
                QueueServiceUri = new Uri("https://queue.private.example/"),
                TableServiceUri = new Uri("https://table.private.example/"),
            },
            Credential);

        Assert.Equal(new Uri("https://blob.private.example/"), account.Blobs.Uri);
        Assert.Equal(new Uri("https://queue.private.example/"), account.Queues.Uri);
    }

    [Theory]
    [InlineData(null, null, null, "azureStorage.connectionString", "or azureStorage.accountName is required")]
    [InlineData("UseDevelopmentStorage=true", "prod", null, "azureStorage.accountName", "not both")]
    [InlineData(null, "Not_Valid", null, "azureStorage.accountName", "3-24 lower-case letters and digits")]
    [InlineData(null, null, "https://blob.example/", "azureStorage.queueServiceUri", "is required when azureStorage.accountName is not set")]
    [InlineData(null, "prod", "http://blob.example/", "azureStorage.blobServiceUri", "must be an absolute https URI")]
    public void Create_RefusesAnAmbiguousOrInvalidAccount_NamingTheSetting(string? connection, string? name, string? blobUri, string setting, string message)
    {
        var options = new AzureStorageBackendOptions
        {
            ConnectionString = connection,
            AccountName = name,
            BlobServiceUri = blobUri is null ? null : new Uri(blobUri),
        };

        var ex = Assert.Throws<ConfigurationException>(() => AzureStorageAccount.Create(options, Credential));

        Assert.Equal(setting, ex.Setting);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binder_ReadsTheIdentityAndTuningSettings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["backend"] = "azure-storage",
            ["azureStorage:accountName"] = "agentflowprod",
            ["azureStorage:tableServiceUri"] = "https://table.private.example/",
            ["azureStorage:managedIdentityClientId"] = "3f1c0d7e-0000-4000-8000-000000000001",
            ["azureStorage:workerId"] = "worker-2",
            ["azureStorage:maxQueuePollingInterval"] = "PT0.2S",
            ["azureStorage:partitionTableOperationTimeout"] = "00:00:45",
            ["azureStorage:controlQueueVisibilityTimeout"] = "PT20S",
            ["maxConcurrentActivities"] = "40",
            ["maxConcurrentOrchestrations"] = "20",
        }).Build();
        var options = new AgentFlowEngineOptions();

        AgentFlowEngineOptionsBinder.Bind(options, configuration);

        Assert.Equal("agentflowprod", options.AzureStorage.AccountName);
        Assert.Equal(new Uri("https://table.private.example/"), options.AzureStorage.TableServiceUri);
        Assert.Equal("3f1c0d7e-0000-4000-8000-000000000001", options.AzureStorage.ManagedIdentityClientId);
        Assert.Equal("worker-2", options.AzureStorage.WorkerId);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.AzureStorage.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(45), options.AzureStorage.PartitionTableOperationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.AzureStorage.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.AzureStorage.WorkItemQueueVisibilityTimeout);
        Assert.Equal(40, options.MaxConcurrentActivities);
        Assert.Equal(20, options.MaxConcurrentOrchestrations);
        AgentFlowEngineOptionsValidator.ThrowIfInvalid(options);
    }

    [Theory]
    [InlineData("azureStorage:maxQueuePollingInterval", "soon", "azureStorage.maxQueuePollingInterval", "positive duration")]
    [InlineData("azureStorage:maxQueuePollingInterval", "PT0S", "azureStorage.maxQueuePollingInterval", "positive duration")]
    [InlineData("azureStorage:blobServiceUri", "blob.example", "azureStorage.blobServiceUri", "absolute URI")]
    [InlineData("maxConcurrentActivities", "0", "maxConcurrentActivities", "at least 1")]
    public void Binder_RefusesAnUnreadableValue_NamingTheSetting(string key, string value, string setting, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var ex = Assert.Throws<ConfigurationException>(() => AgentFlowEngineOptionsBinder.Bind(new AgentFlowEngineOptions(), configuration));

        Assert.Equal(setting, ex.Setting);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
