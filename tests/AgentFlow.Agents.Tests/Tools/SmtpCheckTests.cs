using System.Net;
using System.Net.Sockets;
using AgentFlow.Agents.Tools;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>The check before a run starts: the SMTP server answers on 127.0.0.1, and a login is never sent unencrypted unless allowed.</summary>
public sealed class SmtpCheckTests : IAsyncLifetime
{
    private const string Tool = """{ "kind": "email", "risk": "medium", "from": "bot@example.com" }""";
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [Fact]
    public async Task CheckAsync_ServerAnswers_HasNoProblems()
    {
        var kind = new SmtpEmailToolKind(new SmtpOptions { Host = "127.0.0.1", Port = _sink.Port, Security = SmtpSecurity.None });

        Assert.Empty(await kind.CheckAsync(ToolCalls.Create(Tool, []).Tool));
    }

    [Fact]
    public async Task CheckAsync_NothingListens_RefusesNamingSmtpHost()
    {
        var port = ClosedPort();
        var kind = new SmtpEmailToolKind(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None });

        var problem = Assert.Single(await kind.CheckAsync(ToolCalls.Create(Tool, []).Tool));

        Assert.StartsWith($"smtp.host: email tool 'tool' sends through SMTP server 127.0.0.1:{port}, but cannot connect to 127.0.0.1:{port} (connection refused)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_LoginWithSecurityNone_RefusesNamingAllowInsecureAuth()
    {
        var env = $"AGENTFLOW_TEST_SMTP_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(env, SmtpSink.Password);
        try
        {
            var kind = new SmtpEmailToolKind(new SmtpOptions { Host = "127.0.0.1", Port = _sink.Port, Security = SmtpSecurity.None, Username = SmtpSink.User, PasswordEnv = env });

            var problem = Assert.Single(await kind.CheckAsync(ToolCalls.Create(Tool, []).Tool));

            Assert.StartsWith("smtp.security: ", problem, StringComparison.Ordinal);
            Assert.Contains("set smtp.allowInsecureAuth to true", problem, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }

    [Fact]
    public async Task CheckAsync_LoginWithSecurityNoneAllowed_PassesAndTheLoginWorks()
    {
        var env = $"AGENTFLOW_TEST_SMTP_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(env, SmtpSink.Password);
        try
        {
            var kind = new SmtpEmailToolKind(new SmtpOptions { Host = "127.0.0.1", Port = _sink.Port, Security = SmtpSecurity.None, Username = SmtpSink.User, PasswordEnv = env, AllowInsecureAuth = true });
            var args = new System.Text.Json.Nodes.JsonObject { ["to"] = "ana@example.com", ["subject"] = "Weekly report", ["text"] = "Up." };

            Assert.Empty(await kind.CheckAsync(ToolCalls.Create(Tool, []).Tool));
            await kind.InvokeAsync(ToolCalls.Create(Tool, args), default);

            Assert.Equal("Weekly report", (await _sink.NextAsync()).Message.Subject);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
