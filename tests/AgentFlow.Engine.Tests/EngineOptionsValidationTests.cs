using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentFlow.Engine.Tests;

/// <summary>Engine settings are checked once, when a host opens its backend, before any store is touched.</summary>
public sealed class EngineOptionsValidationTests
{
    private static AgentFlowEngineOptions Azure(Action<AzureStorageBackendOptions> configure)
    {
        var options = new AgentFlowEngineOptions { Backend = BackendKind.AzureStorage };
        options.AzureStorage.ConnectionString = "UseDevelopmentStorage=true";
        configure(options.AzureStorage);
        return options;
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AccountName=a;garbage")]
    [InlineData("=value")]
    public void ThrowIfInvalid_ConnectionStringNotNameValuePairs_NamesTheSettingWithoutEchoingIt(string connectionString)
    {
        var ex = Assert.Throws<ConfigurationException>(() => AgentFlowEngineOptionsValidator.ThrowIfInvalid(Azure(a => a.ConnectionString = connectionString)));

        Assert.Equal("azureStorage.connectionString", ex.Setting);
        Assert.StartsWith("azureStorage.connectionString: cannot be parsed as a storage connection string", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, ex.Message.Replace("name=value", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void ThrowIfInvalid_PartitionCountOutOfRange_NamesTheSetting(int partitions)
    {
        var ex = Assert.Throws<ConfigurationException>(() => AgentFlowEngineOptionsValidator.ThrowIfInvalid(Azure(a => a.PartitionCount = partitions)));

        Assert.Equal("azureStorage.partitionCount", ex.Setting);
    }

    [Fact]
    public void ThrowIfInvalid_SqliteWithHalfFilledAzureSection_Passes()
    {
        var options = new AgentFlowEngineOptions();
        options.AzureStorage.ConnectionString = "garbage";

        AgentFlowEngineOptionsValidator.ThrowIfInvalid(options);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachNamingItsSetting()
    {
        var options = Azure(a =>
        {
            a.ConnectionString = null;
            a.TaskHubName = "x";
        });
        options.MaxConcurrentActivities = 0;

        var result = new AgentFlowEngineOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(["maxConcurrentActivities", "azureStorage.connectionString", "azureStorage.taskHubName"], result.Failures!.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void DurableBackendFactory_InvalidSettings_ThrowsBeforeCreatingTheBackend()
    {
        var ex = Assert.Throws<ConfigurationException>(() => DurableBackendFactory.Create(new AgentFlowEngineOptions { DataDirectory = " " }, NullLoggerFactory.Instance));

        Assert.Equal("dataDirectory", ex.Setting);
    }
}
