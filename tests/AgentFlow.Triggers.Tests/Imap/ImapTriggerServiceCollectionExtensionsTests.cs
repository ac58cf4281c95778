using AgentFlow.Core.Model.Triggers;
using AgentFlow.Triggers.Imap;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Triggers.Tests.Imap;

public sealed class ImapTriggerServiceCollectionExtensionsTests
{
    [Fact]
    public void AddImapTriggers_Twice_RegistersOneImapRunnerWithItsOptions()
    {
        var services = new ServiceCollection();
        services.AddImapTriggers(o => o.UseIdle = false);
        services.AddImapTriggers();

        using var provider = services.BuildServiceProvider();

        var runner = Assert.Single(provider.GetServices<ITriggerRunner>());
        Assert.IsType<ImapTriggerRunner>(runner);
        Assert.Equal(TriggerKind.Imap, runner.Kind);
        Assert.False(provider.GetRequiredService<IOptions<ImapTriggerOptions>>().Value.UseIdle);
    }
}
