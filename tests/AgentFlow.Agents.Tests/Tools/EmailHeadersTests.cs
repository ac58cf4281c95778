using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;
using MimeKit;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>Extra headers (<c>args.headers</c>) and both bodies, through both deliveries: SMTP and the outbox.</summary>
public sealed class EmailHeadersTests : IAsyncLifetime
{
    private const string Tool = """{ "kind": "email", "risk": "medium", "from": "news@example.com" }""";
    private readonly string _outbox = Directory.CreateTempSubdirectory("agentflow-outbox-").FullName;
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync();

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        Directory.Delete(_outbox, recursive: true);
    }

    [Fact]
    public async Task InvokeAsync_SmtpWithHeaders_DeliversThemWithBothBodies()
    {
        await Smtp().InvokeAsync(ToolCalls.Create(Tool, Args(Unsubscribe())), default);

        var (message, _) = await _sink.NextAsync();
        Assert.Equal("<mailto:leave@example.com>, <https://example.com/leave>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
    }

    [Fact]
    public async Task InvokeAsync_OutboxWithHeaders_WritesOneMultipartAlternativeFileNamedByItsId()
    {
        var result = await new OutboxEmailToolKind(_outbox).InvokeAsync(ToolCalls.Create(Tool, Args(Unsubscribe()), runId: "run-1"), default);
        await new OutboxEmailToolKind(_outbox).InvokeAsync(ToolCalls.Create(Tool, Args(Unsubscribe()), runId: "run-1"), default);

        var file = Assert.Single(Directory.GetFiles(_outbox));
        Assert.Equal(result!["file"]!.GetValue<string>(), file);
        using var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(result["messageId"]!.GetValue<string>(), $"<{message.MessageId}>");
        Assert.Equal("<mailto:leave@example.com>, <https://example.com/leave>", message.Headers["List-Unsubscribe"]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("Numbers are up.", message.TextBody?.TrimEnd());
        Assert.Equal("<p>Numbers are <b>up</b>.</p>", message.HtmlBody?.TrimEnd());
    }

    [Theory]
    [InlineData("X-Note", "fine\r\nBcc: eve@elsewhere.test", "line break")]
    [InlineData("X-Note", "fine\nBcc: eve@elsewhere.test", "line break")]
    [InlineData("X-Note\r\nBcc", "eve@elsewhere.test", "not a header name")]
    [InlineData("X Note", "value", "not a header name")]
    [InlineData("X-Note:", "value", "not a header name")]
    [InlineData("Bcc", "eve@elsewhere.test", "may not set 'Bcc'")]
    [InlineData("subject", "Other subject", "may not set 'subject'")]
    [InlineData("X-AgentFlow-Key", "forged", "may not set 'X-AgentFlow-Key'")]
    public async Task InvokeAsync_BadHeader_IsRefusedBeforeAnythingIsWritten(string name, string value, string expected)
    {
        var call = ToolCalls.Create(Tool, Args(new JsonObject { [name] = value }));

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => new OutboxEmailToolKind(_outbox).InvokeAsync(call, default));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_outbox));
    }

    [Fact]
    public async Task InvokeAsync_HeadersNotAnObject_IsRefused()
    {
        var args = Args(null);
        args["headers"] = "List-Unsubscribe: <mailto:leave@example.com>";

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => Smtp().InvokeAsync(ToolCalls.Create(Tool, args), default));

        Assert.Contains("args.headers must be an object", ex.Message, StringComparison.Ordinal);
        Assert.False(_sink.HasMessages);
    }

    private static JsonObject Unsubscribe() => new()
    {
        ["List-Unsubscribe"] = "<mailto:leave@example.com>, <https://example.com/leave>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    private SmtpEmailToolKind Smtp() => new(new SmtpOptions { Host = "127.0.0.1", Port = _sink.Port, Security = SmtpSecurity.None });

    private static JsonObject Args(JsonObject? headers)
    {
        var args = new JsonObject
        {
            ["to"] = "ana@example.com",
            ["subject"] = "Weekly report",
            ["text"] = "Numbers are up.",
            ["html"] = "<p>Numbers are <b>up</b>.</p>",
        };
        if (headers is not null)
        {
            args["headers"] = headers;
        }

        return args;
    }
}
