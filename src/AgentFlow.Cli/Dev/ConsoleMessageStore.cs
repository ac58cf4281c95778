using System.Buffers;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AgentFlow.Cli.Dev;

/// <summary>The <c>agentflow dev smtp</c> sink's store: accepts every message and prints a summary of it.</summary>
internal sealed class ConsoleMessageStore(TextWriter output) : MessageStore
{
    private const int HtmlChars = 200;

    // Synchronized: one message's lines stay together even when several sessions deliver at once.
    private readonly TextWriter _output = TextWriter.Synchronized(output);
    private int _count;

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        using var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        var envelope = string.Join(", ", transaction.To.Select(m => $"{m.User}@{m.Host}"));
        var lines = new List<string>
        {
            $"--- mail {Interlocked.Increment(ref _count)} ({DateTimeOffset.Now:HH:mm:ss}) ---",
            $"From:       {message.From}",
            $"To:         {message.To}",
        };
        if (message.Cc.Count > 0)
        {
            lines.Add($"Cc:         {message.Cc}");
        }

        lines.Add($"Rcpt:       {envelope}");
        lines.Add($"Subject:    {message.Subject}");
        lines.Add($"Message-Id: <{message.MessageId}>");
        if (message.Headers["X-AgentFlow-Key"] is { } key)
        {
            lines.Add($"Key:        {key}");
        }

        if (message.TextBody is { } text)
        {
            lines.Add("Text:");
            lines.AddRange(text.TrimEnd().Split('\n').Select(l => "  " + l.TrimEnd('\r')));
        }

        if (message.HtmlBody is { } html)
        {
            var flat = string.Join(' ', html.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            lines.Add($"Html:       {(flat.Length <= HtmlChars ? flat : string.Concat(flat.AsSpan(0, HtmlChars), $"… ({html.Length} chars)"))}");
        }

        var summary = string.Join(Environment.NewLine, lines) + Environment.NewLine;
        await _output.WriteAsync(summary).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);

        return SmtpResponse.Ok;
    }
}
