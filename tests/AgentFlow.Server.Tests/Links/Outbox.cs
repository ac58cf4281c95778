using System.Text.RegularExpressions;
using MimeKit;

namespace AgentFlow.Server.Tests.Links;

/// <summary>The pickup folder approval notifications are written to, watched for a message (no sleeps: file events, and a rescan now and then in case one is missed).</summary>
public sealed partial class Outbox(string folder)
{
    /// <summary>The approval link in the notification of <paramref name="runId"/> to <paramref name="recipient"/>, once it is written whole.</summary>
    public async Task<Uri> LinkForAsync(string runId, string recipient, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        using var watcher = new FileSystemWatcher(folder, "*.eml") { EnableRaisingEvents = true };
        var signal = new SemaphoreSlim(0);
        watcher.Created += (_, _) => signal.Release();
        watcher.Changed += (_, _) => signal.Release();
        while (true)
        {
            foreach (var file in Directory.GetFiles(folder, "*.eml"))
            {
                if (await TryReadAsync(file, runId, recipient, cancellationToken) is { } link)
                {
                    return link;
                }
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static async Task<Uri?> TryReadAsync(string file, string runId, string recipient, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (message.Headers["X-AgentFlow-Run"] != runId || !message.To.Mailboxes.Any(m => m.Address == recipient))
            {
                return null;
            }

            // Whole only when the text part has the link on a full line and the HTML part (written after it) has it too.
            var text = Link().Match(message.TextBody ?? string.Empty);
            var html = message.HtmlBody ?? string.Empty;
            return text.Success && html.Contains(text.Groups[1].Value, StringComparison.Ordinal) ? new Uri(text.Groups[1].Value) : null;
        }
        catch (Exception ex) when (ex is IOException or FormatException or ParseException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(https://approvals\.example\.test/af/approve/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)\r?\n")]
    private static partial Regex Link();
}
