using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace AgentFlow.Triggers.Tests.Imap;

/// <summary>
/// A Dovecot of the tests' own (infra/local/dovecot.sh with a temporary folder and a free port), stopped afterwards.
/// Each test signs up a user of its own, so tests share the server but never a mailbox.
/// </summary>
public sealed class DovecotFixture : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("agentflow-dovecot-").FullName;

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/dovecot") && !File.Exists("/usr/bin/dovecot"))
        {
            throw new InvalidOperationException("dovecot is not installed: the IMAP trigger's tests need it; run `apt-get install dovecot-imapd` (as root)");
        }

        Port = FreePort();
        await ScriptAsync("start").ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        await ScriptAsync("stop").ConfigureAwait(false);
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Adds a user with a fresh mailbox and returns its name and password.</summary>
    public async Task<(string User, string Password)> AddUserAsync(string prefix)
    {
        var user = $"{prefix}{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var password = RandomNumberGenerator.GetHexString(16, lowercase: true);
        await ScriptAsync("add-user", user, password).ConfigureAwait(false);
        return (user, password);
    }

    /// <summary>A signed-in client for checking and delivering mail (IMAP APPEND).</summary>
    public async Task<ImapClient> ConnectAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
        await client.AuthenticateAsync(user, password, cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Delivers <paramref name="messages"/> to <paramref name="folder"/> of the user.</summary>
    public async Task AppendAsync(string user, string password, IEnumerable<MimeMessage> messages, string folder = "INBOX")
    {
        using var client = await ConnectAsync(user, password).ConfigureAwait(false);
        var target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder).ConfigureAwait(false);
        foreach (var message in messages)
        {
            await target.AppendAsync(message, MessageFlags.None).ConfigureAwait(false);
        }

        await client.DisconnectAsync(true).ConfigureAwait(false);
    }

    /// <summary>UIDs and flags of every message in a folder (empty when the folder does not exist).</summary>
    public async Task<IReadOnlyList<(string? MessageId, MessageFlags Flags)>> ListAsync(string user, string password, string folder = "INBOX")
    {
        using var client = await ConnectAsync(user, password).ConfigureAwait(false);
        IMailFolder target;
        try
        {
            target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            return [];
        }

        await target.OpenAsync(FolderAccess.ReadOnly).ConfigureAwait(false);
        var summaries = target.Count == 0
            ? []
            : await target.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags).ConfigureAwait(false);
        await client.DisconnectAsync(true).ConfigureAwait(false);
        return summaries.Select(s => (s.Envelope?.MessageId, s.Flags ?? MessageFlags.None)).ToList();
    }

    /// <summary>Cuts every IMAP connection of <paramref name="user"/> (<c>doveadm kick</c>), as a server restart would.</summary>
    public async Task KickAsync(string user)
    {
        var start = new ProcessStartInfo("doveadm") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Path.Combine(_home, "dovecot.conf"), "kick", user })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start doveadm");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"doveadm kick {user} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "infra", "local", "dovecot.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOVECOT_HOME"] = _home;
        start.Environment["DOVECOT_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"infra/local/dovecot.sh {arguments[0]} failed ({process.ExitCode}): {await output.ConfigureAwait(false)} {await error.ConfigureAwait(false)}");
        }
    }

    private static string RepoRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AgentFlow.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("AgentFlow.sln not found above the test binaries");
        }
    }
}
