using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Tests;

/// <summary><c>services.AddAgentFlow(configuration)</c>: settings bound from configuration, validated when a host starts.</summary>
public sealed class AddAgentFlowConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void AddAgentFlow_Configuration_BindsBackendNamesAndAzureStorageSettings()
    {
        var services = new ServiceCollection();

        services.AddAgentFlow(Configuration(("backend", "azure-storage"), ("azureStorage:taskHubName", "hub1"), ("azureStorage:partitionCount", "2"), ("durability", "full")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AgentFlowEngineOptions>>().Value;
        Assert.Equal(BackendKind.AzureStorage, options.Backend);
        Assert.Equal("hub1", options.AzureStorage.TaskHubName);
        Assert.Equal(2, options.AzureStorage.PartitionCount);
        Assert.Equal(SqliteDurability.Full, options.Durability);
    }

    [Theory]
    [InlineData("backend", "postgres", "backend")]
    [InlineData("azureStorage:partitionCount", "two", "azureStorage.partitionCount")]
    [InlineData("azureStorage:partitionCount", "-1", "azureStorage.partitionCount")]
    [InlineData("durability", "1", "durability")]
    public void AddAgentFlow_MalformedValue_ThrowsNamingTheSetting(string key, string value, string setting)
    {
        var ex = Assert.Throws<ConfigurationException>(() => new ServiceCollection().AddAgentFlow(Configuration((key, value))));

        Assert.Equal(setting, ex.Setting);
    }

    [Fact]
    public void AddAgentFlow_UseSqliteAfterConfiguration_OverridesTheConfiguredBackend()
    {
        var services = new ServiceCollection();

        var builder = services.AddAgentFlow(Configuration(("backend", "azure-storage"))).UseSqlite("data-here");

        Assert.Equal(BackendKind.Sqlite, builder.Options.Backend);
        Assert.Equal("data-here", builder.Options.DataDirectory);
    }

    [Fact]
    public async Task AddAgentFlow_InvalidSettings_FailWhenTheHostStarts()
    {
        var services = new ServiceCollection();
        services.AddAgentFlow(Configuration(("backend", "azure-storage"), ("azureStorage:connectionString", "garbage")));
        await using var provider = services.BuildServiceProvider();

        var validator = Assert.Single(provider.GetServices<IValidateOptions<AgentFlowEngineOptions>>());
        Assert.True(validator.Validate(null, provider.GetRequiredService<IOptions<AgentFlowEngineOptions>>().Value).Failed);
        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => provider.GetRequiredService<AgentFlowHostFactory>().CreateAsync());
        Assert.Equal("azureStorage.connectionString", ex.Setting);
    }
}
