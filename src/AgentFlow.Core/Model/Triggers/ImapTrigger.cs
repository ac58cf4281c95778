namespace AgentFlow.Core.Model.Triggers;

/// <summary>A trigger that starts one run per message arriving in an IMAP folder.</summary>
public sealed record ImapTrigger : TriggerDefinition
{
    /// <inheritdoc />
    public override TriggerKind Kind => TriggerKind.Imap;

    /// <summary>The IMAP server's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The port (default 993 with <see cref="ImapSecurity.Tls"/>, else 143).</summary>
    public int? Port { get; init; }

    /// <summary>Connection security (default TLS).</summary>
    public ImapSecurity Security { get; init; } = ImapSecurity.Tls;

    /// <summary>The account to sign in as.</summary>
    public required string Username { get; init; }

    /// <summary>The environment variable holding the password (never the password itself).</summary>
    public required string PasswordEnv { get; init; }

    /// <summary>The folder to watch (default INBOX).</summary>
    public string Folder { get; init; } = "INBOX";

    /// <summary>Which messages start runs.</summary>
    public ImapFilter Filter { get; init; } = new();

    /// <summary>
    /// What is done to a message once its run has started: null marks it \Seen (<c>"after": "markSeen"</c>);
    /// otherwise it is moved to this folder (<c>"after": { "moveTo": "Processed" }</c>).
    /// </summary>
    public string? MoveTo { get; init; }

    /// <summary>How often the folder is polled when the server does not offer IDLE (default one minute).</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The port in effect.</summary>
    public int EffectivePort => Port ?? (Security == ImapSecurity.Tls ? 993 : 143);
}
