using System.Buffers;
using System.Net;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>
/// A real SMTP server on 127.0.0.1 (a free port) that keeps what it receives. Recipients whose local part is
/// <c>rejected</c> are refused at RCPT TO, as a real server refuses an unknown mailbox. Logging in is optional and
/// only <see cref="User"/> with <see cref="Password"/> succeeds.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(MimeMessage Message, IReadOnlyList<string> Recipients)> _received = Channel.CreateUnbounded<(MimeMessage, IReadOnlyList<string>)>();
    private Task _server = Task.CompletedTask;

    public const string User = "bob";

    public const string Password = "right-password";

    public int Port { get; private set; }

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = new SmtpSink();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(sink._received.Writer));
        services.Add(new DelegatingMailboxFilter((IMailbox to, IMailbox _) => to.User != "rejected"));
        services.Add(new DelegatingUserAuthenticator((user, password) => user == User && password == Password));
        var options = new SmtpServerOptionsBuilder()
            .ServerName("test-sink")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).AllowUnsecureAuthentication(true))
            .Build();
        sink._server = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stop.Token);
        sink.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return sink;
    }

    /// <summary>The next message received, with its envelope recipients (RCPT TO).</summary>
    public async Task<(MimeMessage Message, IReadOnlyList<string> Recipients)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public bool HasMessages => _received.Reader.Count > 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _server.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(ChannelWriter<(MimeMessage, IReadOnlyList<string>)> writer) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            await writer.WriteAsync((message, [.. transaction.To.Select(m => $"{m.User}@{m.Host}")]), cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}
