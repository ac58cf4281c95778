using System.Text;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Agents.Tools.Policy;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Agents.Tests.Hosting;

/// <summary>Binding the <c>tools</c> settings from agentflow.json and <c>AGENTFLOW__TOOLS__*</c>.</summary>
public sealed class ToolPolicyOptionsBinderTests
{
    [Fact]
    public void Bind_JsonFile_ReadsEveryList()
    {
        var options = Bind("""
            { "tools": { "strict": true, "mcp": { "allowCommands": ["uvx mcp-server-fetch"] },
                         "http": { "allowHosts": ["api.example.com", "127.0.0.1:8080"] }, "email": { "allowDomains": ["example.com"] } } }
            """);

        Assert.True(options.Strict);
        Assert.Equal(["uvx mcp-server-fetch"], options.McpAllowCommands);
        Assert.Equal(["api.example.com", "127.0.0.1:8080"], options.HttpAllowHosts);
        Assert.Equal(["example.com"], options.EmailAllowDomains);
    }

    [Fact]
    public void Bind_NoToolsSettings_SetsNoCeiling()
    {
        var options = Bind("""{ "backend": "sqlite" }""");

        Assert.False(options.Strict);
        Assert.Null(options.McpAllowCommands);
        Assert.Null(options.HttpAllowHosts);
        Assert.Null(options.EmailAllowDomains);
    }

    [Fact]
    public void Bind_EmptyList_IsACeilingThatAllowsNothing()
    {
        var options = Bind("""{ "tools": { "mcp": { "allowCommands": [] } } }""");

        Assert.NotNull(options.McpAllowCommands);
        Assert.Empty(options.McpAllowCommands);
    }

    [Fact]
    public void Bind_EnvironmentEntry_ReplacesTheFilesEntryAtItsIndex()
    {
        var options = Bind("""{ "tools": { "http": { "allowHosts": ["a.example.com", "b.example.com"] } } }""", ("tools:http:allowHosts:1", "c.example.com"));

        Assert.Equal(["a.example.com", "c.example.com"], options.HttpAllowHosts);
    }

    [Theory]
    [InlineData("""{ "tools": { "http": { "allowHosts": ["https://api.example.com"] } } }""", "tools.http.allowHosts[0]")]
    [InlineData("""{ "tools": { "mcp": { "allowCommands": ["node", "./server.js"] } } }""", "tools.mcp.allowCommands[1]")]
    [InlineData("""{ "tools": { "email": { "allowDomains": ["bob@example.com"] } } }""", "tools.email.allowDomains[0]")]
    [InlineData("""{ "tools": { "strict": "yes" } }""", "tools.strict")]
    [InlineData("""{ "tools": { "http": { "allowHosts": "api.example.com" } } }""", "tools.http.allowHosts")]
    public void Bind_BadValue_NamesTheSetting(string json, string setting)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Bind(json));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    private static ToolPolicyOptions Bind(string json, params (string Key, string Value)[] overrides)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)))
            .Build();
        var options = new ToolPolicyOptions();
        ToolPolicyOptionsBinder.Bind(options, configuration);
        return options;
    }
}
