using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Hosting;
using AgentFlow.Agents.Tools;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Ledger;
using AgentFlow.Memory;
using AgentFlow.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Cli.Tests;

/// <summary>The one host composition (<c>AddAgentFlow(configuration).AddAgents().AddMemory()</c>) that the CLI, the worker and the server share.</summary>
public sealed class CompositionTests : TempDirectoryTest
{
    [Fact]
    public async Task Composed_EveryActivityNodeKindHasAnExecutor()
    {
        await using var provider = Compose();

        var registry = provider.GetRequiredService<NodeExecutorRegistry>();

        foreach (NodeKind kind in NodeExecutorRegistry.ActivityKinds)
        {
            Assert.Equal(kind, registry.Get(kind, "n").Kind);
        }
    }

    [Fact]
    public async Task Composed_EveryToolKindActsThroughTheLedger()
    {
        await using var provider = Compose();

        var catalog = provider.GetRequiredService<IToolCatalog>();

        Assert.Equal(["code", "email", "http", "mcp"], catalog.Kinds.Select(k => k.Kind).Order(StringComparer.Ordinal));
        Assert.All(catalog.Kinds, k => Assert.IsType<LedgeredToolKind>(k));
        Assert.Same(catalog.Find("email"), catalog.Kinds.Single(k => k.Kind == "email"));
    }

    [Fact]
    public async Task Composed_MalformedSmtpPort_FailsAtStartNamingTheSetting()
    {
        await using var provider = Compose(("smtp:port", "seven"));

        var ex = Assert.Throws<ConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("smtp.port", ex.Setting);
    }

    [Fact]
    public async Task Composed_MalformedSmtpAllowInsecureAuth_FailsAtStartNamingTheSetting()
    {
        await using var provider = Compose(("smtp:host", "127.0.0.1"), ("smtp:allowInsecureAuth", "yes"));

        var ex = Assert.Throws<ConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("smtp.allowInsecureAuth", ex.Setting);
    }

    [Fact]
    public async Task Composed_MalformedMemoryDimensions_FailsAtStartNamingTheSetting()
    {
        await using var provider = Compose(("memory:dimensions", "4"));

        var ex = Assert.Throws<ConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("memory.dimensions", ex.Setting);
    }

    [Theory]
    [InlineData("server:publicUrl", "agentflow.example.com", "server.publicUrl")]
    [InlineData("notifications:linkLifetime", "72h", "notifications.linkLifetime")]
    public async Task Composed_MalformedApprovalLinkSetting_FailsAtStartNamingTheSetting(string key, string value, string setting)
    {
        await using var provider = Compose((key, value));

        var ex = Assert.Throws<ConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(setting, ex.Setting);
    }

    [Fact]
    public async Task Composed_WithoutSmtp_HostMailGoesToTheOutbox()
    {
        await using var provider = Compose();

        var mail = Assert.IsType<PickupFolderMailSender>(provider.GetRequiredService<IMailSender>());

        Assert.Equal(Path.Combine(DataDir, "outbox"), mail.Folder);
    }

    [Fact]
    public async Task Composed_WithSmtp_HostMailAndEmailToolsUseTheServer()
    {
        await using var provider = Compose(("smtp:host", "mail.example.com"), ("smtp:port", "2525"));

        Assert.IsType<SmtpEmailToolKind>(provider.GetRequiredService<IMailSender>());
        Assert.Equal(2525, provider.GetRequiredService<IOptions<SmtpOptions>>().Value.Port);
    }

    [Fact]
    public async Task Composed_MemorySettings_ChooseTheEmbedder()
    {
        await using var provider = Compose(("memory:dimensions", "64"));

        Assert.Equal(64, provider.GetRequiredService<IEmbedder>().Dimensions);
    }

    [Fact]
    public async Task Composed_StartedButUnused_OpensNoFile()
    {
        await using var provider = Compose();

        provider.GetRequiredService<IStartupValidator>().Validate();
        _ = provider.GetRequiredService<AgentFlowHostFactory>();

        Assert.False(Directory.Exists(DataDir));
    }

    private ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("dataDirectory", DataDir), .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))])
            .Build();
        var services = new ServiceCollection();
        services.AddAgentFlow(configuration).AddAgents().AddMemory().AddSampleTools();
        return services.BuildServiceProvider();
    }
}
