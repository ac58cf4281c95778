using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Server.Tests.Links;

/// <summary>A malformed link setting stops the server at start with one line naming the setting.</summary>
public sealed class ApprovalLinkSettingsTests
{
    [Theory]
    [InlineData("server:publicUrl", "approvals.example.com", "server.publicUrl")]
    [InlineData("server:publicUrl", "ftp://approvals.example.com/", "server.publicUrl")]
    [InlineData("notifications:linkLifetime", "3 days", "notifications.linkLifetime")]
    public async Task Start_MalformedLinkSetting_FailsNamingIt(string key, string value, string setting)
    {
        var root = Directory.CreateTempSubdirectory("agentflow-linksettings-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([
                new("dataDirectory", Path.Combine(root, "data")),
                new("audit:keyFile", Path.Combine(root, "keys", "audit.key")),
                new(key, value),
            ]).Build();
            await using var app = AgentFlowServer.Build(new ServerOptions { Urls = "http://127.0.0.1:0", WorkflowsDirectory = root, Logging = _ => { } }, configuration);

            var ex = await Assert.ThrowsAsync<ConfigurationException>(() => app.StartAsync());

            Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
            Assert.Contains(value, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
