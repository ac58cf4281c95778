using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Memory.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Memory.Tests.Telemetry;

/// <summary><c>builder.AddMemory()</c> binds the <c>pricing</c> settings and prices the embedder's calls with them.</summary>
public sealed class AddMemoryPricingTests
{
    [Fact]
    public async Task AddMemory_PricingSettings_PriceTheEmbeddersCalls()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["pricing:currency"] = "EUR",
            ["pricing:models:local-hash-v1:input"] = "1000000",
        }).Build();
        var builder = new Builder(new ServiceCollection(), configuration);

        builder.AddMemory();
        await using var provider = builder.Services.BuildServiceProvider();
        using var usage = EmbeddingUsage.Begin("editor");
        await provider.GetRequiredService<IEmbedder>().EmbedAsync("one two three");

        Assert.Equal("EUR", provider.GetRequiredService<PriceTable>().Currency);
        var json = usage.ToJson()!;
        Assert.Equal((4m, "EUR"), (json["cost"]!.GetValue<decimal>(), (string?)json["currency"]));
    }

    private sealed record Builder(IServiceCollection Services, IConfiguration Configuration) : IAgentFlowBuilder;
}
