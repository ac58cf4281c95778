using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;
using MimeKit;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>The SMTP e-mail kind in a real SMTP conversation with a server on 127.0.0.1.</summary>
public sealed class SmtpEmailToolKindTests : IAsyncLifetime
{
    private const string Tool = """{ "kind": "email", "risk": "medium", "from": "bot@example.com" }""";
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_TextAndHtml_DeliversMultipartAlternativeToEveryRecipient()
    {
        var call = ToolCalls.Create(Tool, Args(to: new JsonArray("ana@example.com", "ben@example.org"), cc: "cleo@example.com"));

        var result = await Kind().InvokeAsync(call, default);

        var (message, recipients) = await _sink.NextAsync();
        Assert.Equal(["ana@example.com", "ben@example.org", "cleo@example.com"], recipients);
        Assert.Equal("bot@example.com", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(["ana@example.com", "ben@example.org"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("cleo@example.com", Assert.Single(message.Cc.Mailboxes).Address);
        Assert.Equal("Weekly report", message.Subject);
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal("Numbers are up.", message.TextBody?.TrimEnd());
        Assert.Equal("<p>Numbers are <b>up</b>.</p>", message.HtmlBody?.TrimEnd());
        Assert.Equal("smtp", result!["delivery"]!.GetValue<string>());
        Assert.Equal($"127.0.0.1:{_sink.Port}", result["server"]!.GetValue<string>());
        Assert.Equal("Weekly report", result["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_SameIdempotencyKey_SendsTheSameMessageIdAndKeyHeader()
    {
        var first = await Kind().InvokeAsync(ToolCalls.Create(Tool, Args(), runId: "run-7"), default);
        var second = await Kind().InvokeAsync(ToolCalls.Create(Tool, Args(), runId: "run-7"), default);
        var other = await Kind().InvokeAsync(ToolCalls.Create(Tool, Args(), runId: "run-8"), default);

        var (message, _) = await _sink.NextAsync();
        Assert.Equal(first!["messageId"]!.GetValue<string>(), $"<{message.MessageId}>");
        Assert.Equal(EmailRequest.MessageIdFor("run-7/call/1"), first["messageId"]!.GetValue<string>());
        Assert.Equal("run-7/call/1", message.Headers["X-AgentFlow-Key"]);
        Assert.Equal(first["messageId"]!.GetValue<string>(), second!["messageId"]!.GetValue<string>());
        Assert.NotEqual(first["messageId"]!.GetValue<string>(), other!["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_SameKeyAsOutbox_GivesTheSameMessageId()
    {
        var outbox = Directory.CreateTempSubdirectory("agentflow-outbox-").FullName;
        try
        {
            var viaOutbox = await new OutboxEmailToolKind(outbox).InvokeAsync(ToolCalls.Create(Tool, Args(), runId: "run-9"), default);
            var viaSmtp = await Kind().InvokeAsync(ToolCalls.Create(Tool, Args(), runId: "run-9"), default);

            Assert.Equal(viaOutbox!["messageId"]!.GetValue<string>(), viaSmtp!["messageId"]!.GetValue<string>());
            Assert.Contains(viaOutbox["messageId"]!.GetValue<string>(), File.ReadAllText(Assert.Single(Directory.GetFiles(outbox, "*.eml"))), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    [Fact]
    public async Task InvokeAsync_RecipientOutsideAllowDomains_IsRefusedBeforeAnythingIsSent()
    {
        var call = ToolCalls.Create("""{ "kind": "email", "risk": "medium", "allowDomains": ["example.com"] }""", Args(to: new JsonArray("ana@example.com", "eve@elsewhere.test")));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind().InvokeAsync(call, default));

        Assert.Contains("eve@elsewhere.test is not in an allowed domain (example.com)", ex.Message, StringComparison.Ordinal);
        Assert.False(_sink.HasMessages);
    }

    [Fact]
    public async Task InvokeAsync_RecipientRejectedByServer_NamesTheRecipient()
    {
        var call = ToolCalls.Create(Tool, Args(to: "rejected@example.com"));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Kind().InvokeAsync(call, default));

        Assert.Contains($"email tool 'tool': SMTP server 127.0.0.1:{_sink.Port} rejected recipient rejected@example.com", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ConnectionRefused_NamesTheServerAndWhatToCheck()
    {
        var port = ClosedPort();
        var kind = new SmtpEmailToolKind(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None });

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(ToolCalls.Create(Tool, Args()), default));

        Assert.Equal($"email tool 'tool': SMTP server 127.0.0.1:{port} could not be reached (ConnectionRefused); check smtp.host and smtp.port and that the server is running", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_WrongPassword_SaysTheLoginWasRefusedWithoutShowingThePassword()
    {
        var env = $"AGENTFLOW_TEST_SMTP_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(env, "wrong-password");
        try
        {
            var kind = Kind(o => (o.Username, o.PasswordEnv) = (SmtpSink.User, env));

            var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(ToolCalls.Create(Tool, Args()), default));

            Assert.Contains("refused the login of 'bob'; check smtp.username and the password in the environment variable named by smtp.passwordEnv", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-password", ex.Message, StringComparison.Ordinal);
            Assert.False(_sink.HasMessages);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }

    [Fact]
    public async Task InvokeAsync_RightPassword_LogsInAndSends()
    {
        var env = $"AGENTFLOW_TEST_SMTP_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(env, SmtpSink.Password);
        try
        {
            await Kind(o => (o.Username, o.PasswordEnv) = (SmtpSink.User, env)).InvokeAsync(ToolCalls.Create(Tool, Args()), default);

            Assert.Equal("Weekly report", (await _sink.NextAsync()).Message.Subject);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }

    [Fact]
    public void Check_PasswordEnvVariableNotSet_NamesTheSetting()
    {
        var env = $"AGENTFLOW_TEST_SMTP_PW_{Guid.NewGuid():N}";
        var kind = Kind(o => (o.Username, o.PasswordEnv, o.AllowInsecureAuth) = (SmtpSink.User, env, true));

        var problem = Assert.Single(kind.Check(ToolCalls.Create(Tool, []).Tool));

        Assert.Contains($"the environment variable '{env}' named by smtp.passwordEnv is not set", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithoutLogin_HasNoProblems() =>
        Assert.Empty(Kind().Check(ToolCalls.Create(Tool, []).Tool));

    private SmtpEmailToolKind Kind(Action<SmtpOptions>? configure = null)
    {
        var options = new SmtpOptions { Host = "127.0.0.1", Port = _sink.Port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        return new SmtpEmailToolKind(options);
    }

    private static JsonObject Args(JsonNode? to = null, string? cc = null)
    {
        var args = new JsonObject
        {
            ["to"] = to ?? "ana@example.com",
            ["subject"] = "Weekly report",
            ["text"] = "Numbers are up.",
            ["html"] = "<p>Numbers are <b>up</b>.</p>",
        };
        if (cc is not null)
        {
            args["cc"] = cc;
        }

        return args;
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
