using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Agents.Hosting;
using AgentFlow.Agents.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Agents.Tests.Hosting;

/// <summary><c>builder.AddAgents()</c> binds the <c>pricing</c> settings and <c>telemetry.captureContent</c>.</summary>
public sealed class AddAgentsTelemetryTests
{
    [Fact]
    public async Task AddAgents_Settings_BindPricesAndContentCapture()
    {
        var provider = Build(new() { ["pricing:models:gpt-test:input"] = "0.5", ["telemetry:captureContent"] = "true" });
        await using (provider)
        {
            Assert.Equal(new ModelPrice(0.5m, 0m), provider.GetRequiredService<PriceTable>().Find("gpt-test"));
            Assert.True(provider.GetRequiredService<IOptions<LlmOptions>>().Value.CaptureContent);
        }
    }

    [Fact]
    public async Task AddAgents_NoSettings_NoPricesAndNoContent()
    {
        var provider = Build([]);
        await using (provider)
        {
            Assert.Empty(provider.GetRequiredService<PriceTable>().Models);
            Assert.False(provider.GetRequiredService<IOptions<LlmOptions>>().Value.CaptureContent);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = new Builder(new ServiceCollection(), new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        builder.AddAgents();
        return builder.Services.BuildServiceProvider();
    }

    private sealed record Builder(IServiceCollection Services, IConfiguration Configuration) : IAgentFlowBuilder;
}
