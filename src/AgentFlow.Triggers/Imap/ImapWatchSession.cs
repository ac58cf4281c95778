using AgentFlow.Core.Model.Triggers;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Triggers.Imap;

/// <summary>
/// One connection of an IMAP trigger: signs in, opens the folder, then fires and marks/moves matching mail and waits
/// for more until something fails (thrown to the runner, which reports it and reconnects) or it is canceled.
/// </summary>
internal sealed partial class ImapWatchSession : IAsyncDisposable
{
    // How long the server gets to end IDLE (answer DONE) once the trigger is canceled, before the connection is cut.
    private static readonly TimeSpan IdleGrace = TimeSpan.FromSeconds(10);

    private readonly TriggerRegistration _registration;
    private readonly ImapTrigger _trigger;
    private readonly ITriggerContext _context;
    private readonly ImapTriggerOptions _options;
    private readonly ILogger _logger;
    private readonly HashSet<(uint Validity, uint Uid)> _skip;
    private readonly ImapClient _client = new();
    private readonly Lock _idleLock = new();
    private CancellationTokenSource? _idleDone;
    private volatile bool _changed;

    public ImapWatchSession(TriggerRegistration registration, ImapTrigger trigger, ITriggerContext context, ImapTriggerOptions options, ILogger logger, HashSet<(uint Validity, uint Uid)> skip)
    {
        _registration = registration;
        _trigger = trigger;
        _context = context;
        _options = options;
        _logger = logger;
        _skip = skip;
    }

    /// <summary>True once signed in with the folders open (the runner then starts its backoff over after a failure).</summary>
    public bool Watching { get; private set; }

    private bool Idles => _options.UseIdle && _client.Capabilities.HasFlag(ImapCapabilities.Idle);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var password = Environment.GetEnvironmentVariable(_trigger.PasswordEnv);
        if (string.IsNullOrEmpty(password))
        {
            throw new ImapProblemException(
                $"the environment variable {_trigger.PasswordEnv} ({_trigger.JsonPath}.passwordEnv) is not set or empty; set it to the password of '{_trigger.Username}' at {_trigger.Host}:{_trigger.EffectivePort}");
        }

        await _client.ConnectAsync(_trigger.Host, _trigger.EffectivePort, SocketOptions(_trigger.Security), cancellationToken).ConfigureAwait(false);
        await _client.AuthenticateAsync(_trigger.Username, password, cancellationToken).ConfigureAwait(false);
        var folder = await OpenFolderAsync(cancellationToken).ConfigureAwait(false);
        var target = _trigger.MoveTo is null ? null : await GetOrCreateFolderAsync(_trigger.MoveTo, cancellationToken).ConfigureAwait(false);

        // Healthy only once the folders are there too: a missing folder keeps its error shown and its backoff growing.
        Watching = true;
        await _context.ReportHealthyAsync(_registration, cancellationToken).ConfigureAwait(false);
        folder.CountChanged += OnCountChanged;
        var mode = Idles ? "idle" : $"polling every {_trigger.Poll}";
        ImapLog.Watching(_logger, _registration.Id, _trigger.Username, _trigger.Host, _trigger.EffectivePort, folder.FullName, mode);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _changed = false;
                var outcome = await FireMatchingAsync(folder, target, cancellationToken).ConfigureAwait(false);
                if (outcome == Outcome.Handled || (outcome == Outcome.Idle && _changed))
                {
                    // Handled mail may have made room for more; a change during the search may be new mail.
                    continue;
                }

                if (outcome == Outcome.Paused)
                {
                    ImapLog.Paused(_logger, _registration.Id);
                }

                var wait = outcome == Outcome.Paused ? Min(_options.PausedRecheck, Idles ? _options.IdleRestart : _trigger.Poll) : Idles ? _options.IdleRestart : _trigger.Poll;
                ImapLog.Waiting(_logger, _registration.Id, mode);
                await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            folder.CountChanged -= OnCountChanged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                // Log out politely, but never wait long for a server that went away.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(true, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                ImapLog.DisconnectFailed(_logger, _registration.Id, exception.Message);
            }
        }

        _client.Dispose();
    }

    private static SecureSocketOptions SocketOptions(ImapSecurity security) => security switch
    {
        ImapSecurity.Tls => SecureSocketOptions.SslOnConnect,
        ImapSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task<IMailFolder> OpenFolderAsync(CancellationToken cancellationToken)
    {
        var folder = string.Equals(_trigger.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? _client.Inbox
            : await _client.GetFolderAsync(_trigger.Folder, cancellationToken).ConfigureAwait(false);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
        return folder;
    }

    private async Task<IMailFolder> GetOrCreateFolderAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetFolderAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            // Create each missing level of e.g. "Archive/Triage" under the personal namespace.
            var parent = _client.GetFolder(_client.PersonalNamespaces[0]);
            foreach (var name in path.Split(parent.DirectorySeparator == '\0' ? '/' : parent.DirectorySeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var subfolders = await parent.GetSubfoldersAsync(false, cancellationToken).ConfigureAwait(false);
                parent = subfolders.FirstOrDefault(f => f.Name == name)
                    ?? await parent.CreateAsync(name, true, cancellationToken).ConfigureAwait(false)
                    ?? throw new ImapProblemException(
                        $"could not create the folder '{path}' ({_trigger.JsonPath}.after.moveTo) for '{_trigger.Username}' at {_trigger.Host}:{_trigger.EffectivePort}; create it by hand");
            }

            return parent;
        }
    }

    private void OnCountChanged(object? sender, EventArgs e)
    {
        _changed = true;
        lock (_idleLock)
        {
            // Ends the IDLE gracefully (DONE), as MailKit's IDLE example does from this event.
            _idleDone?.Cancel();
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!Idles)
        {
            await Task.Delay(wait, _context.Time, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var renew = new CancellationTokenSource(wait, _context.Time);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(renew.Token, cancellationToken);
        using var abort = new CancellationTokenSource();
        await using var grace = cancellationToken.Register(() => abort.CancelAfter(IdleGrace)).ConfigureAwait(false);
        lock (_idleLock)
        {
            _idleDone = done;
        }

        try
        {
            if (!_changed)
            {
                // doneToken ends IDLE with DONE (new mail, renewal, cancellation); abort only cuts a server that never answers.
                await _client.IdleAsync(done.Token, abort.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_idleLock)
            {
                _idleDone = null;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
