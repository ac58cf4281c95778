using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Approvals.Links;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Engine.Tests.Approvals.Links;

/// <summary>server.publicUrl and notifications.linkLifetime: read when set, defaults otherwise, one clear error when malformed.</summary>
public sealed class ApprovalLinkSettingsTests
{
    private static ApprovalLinkOptions Bind(params (string Key, string Value)[] settings)
    {
        var options = new ApprovalLinkOptions();
        ApprovalLinkSettings.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());
        return options;
    }

    [Fact]
    public void Bind_NothingSet_NoLinksAnd72Hours()
    {
        var options = Bind();

        Assert.Null(options.PublicUrl);
        Assert.Equal(TimeSpan.FromHours(72), options.Lifetime);
    }

    [Fact]
    public void Bind_BothSet_ReadsThem()
    {
        var options = Bind(("server:publicUrl", "https://flow.example.com/af/"), ("notifications:linkLifetime", "P1D"));

        Assert.Equal(new Uri("https://flow.example.com/af/"), options.PublicUrl);
        Assert.Equal(TimeSpan.FromDays(1), options.Lifetime);
    }

    [Theory]
    [InlineData("server:publicUrl", "/relative", "server.publicUrl")]
    [InlineData("server:publicUrl", "https://flow.example.com/?x=1", "server.publicUrl")]
    [InlineData("notifications:linkLifetime", "-PT1H", "notifications.linkLifetime")]
    public void Bind_Malformed_NamesTheSetting(string key, string value, string setting)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Bind((key, value)));

        Assert.StartsWith(setting, ex.Message, StringComparison.Ordinal);
    }
}
