using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Tests.Retention;

/// <summary>The <c>retention.*</c> settings: ISO-8601 durations, off unless set, and applied by every long-lived host's worker.</summary>
public sealed class RetentionOptionsTests
{
    [Fact]
    public void Bind_IsoDurations_SetsTheAgesAndInterval()
    {
        var options = new RetentionOptions();

        RetentionOptionsBinder.Bind(options, Configuration(("retention:completed", "P30D"), ("retention:failed", "P90D"), ("retention:interval", "PT15M")));

        Assert.Equal((TimeSpan.FromDays(30), TimeSpan.FromDays(90), TimeSpan.FromMinutes(15)), (options.Completed, options.Failed, options.Interval));
        Assert.True(options.Enabled);
    }

    [Fact]
    public void Bind_NothingSet_LeavesRetentionOff()
    {
        var options = new RetentionOptions();

        RetentionOptionsBinder.Bind(options, Configuration());

        Assert.False(options.Enabled);
        Assert.Equal(RetentionOptions.DefaultInterval, options.Interval);
    }

    [Theory]
    [InlineData("retention:completed", "30")]
    [InlineData("retention:failed", "P0D")]
    [InlineData("retention:interval", "hourly")]
    public void Bind_NotAPositiveDuration_FailsNamingTheSetting(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => RetentionOptionsBinder.Bind(new RetentionOptions(), Configuration((key, value))));

        Assert.StartsWith($"{key.Replace(':', '.')}: is '{value}'; give a positive ISO-8601 duration such as P30D", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddWorkerService_RegistersRetentionWithTheHostsSettings()
    {
        var services = new ServiceCollection();
        var builder = services.AddAgentFlow(Configuration(("retention:completed", "P7D")));

        builder.AddWorkerService();
        await using var provider = services.BuildServiceProvider();

        Assert.Contains(provider.GetServices<IHostedService>(), s => s is RetentionService);
        Assert.Equal(TimeSpan.FromDays(7), provider.GetRequiredService<IOptions<RetentionOptions>>().Value.Completed);
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
