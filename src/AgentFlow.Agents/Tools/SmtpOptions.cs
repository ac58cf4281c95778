namespace AgentFlow.Agents.Tools;

/// <summary>
/// The SMTP server <c>email</c> tools send through (the <c>smtp</c> object of <c>agentflow.json</c>, or
/// <c>AGENTFLOW__SMTP__*</c>). Without a <see cref="Host"/>, hosts fall back to the outbox folder.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>Default for <see cref="Timeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Server host name or address; null (the default) means no SMTP server is configured.</summary>
    public string? Host { get; set; }

    /// <summary>Server port; null (the default) means 587, or 465 with <see cref="SmtpSecurity.Ssl"/> and 25 with <see cref="SmtpSecurity.None"/>.</summary>
    public int? Port { get; set; }

    /// <summary>User name to authenticate with; null (the default) sends without authenticating.</summary>
    public string? Username { get; set; }

    /// <summary>
    /// Name of the environment variable that holds the password (e.g. <c>SMTP_PASSWORD</c>); the password itself never
    /// appears in configuration. Required when <see cref="Username"/> is set.
    /// </summary>
    public string? PasswordEnv { get; set; }

    /// <summary>How the connection is secured; default <see cref="SmtpSecurity.Auto"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Limit for connecting and for each SMTP command; default <see cref="DefaultTimeout"/>.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// Allows logging in (<see cref="Username"/>) over a connection with <see cref="SmtpSecurity.None"/>, which sends the
    /// password unencrypted; default false, and such a configuration is refused before a run starts.
    /// </summary>
    public bool AllowInsecureAuth { get; set; }

    /// <summary>
    /// Limit for the TCP connection made before a run starts to check that the server answers; default 2 seconds.
    /// </summary>
    public TimeSpan ConnectCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True when a <see cref="Host"/> is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The port actually used: <see cref="Port"/>, or the default for <see cref="Security"/>.</summary>
    public int EffectivePort => Port ?? Security switch
    {
        SmtpSecurity.Ssl => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };

    /// <summary>Parses a <c>smtp.security</c> value (<c>auto</c>, <c>none</c>, <c>starttls</c>, <c>ssl</c>; any case).</summary>
    public static bool TryParseSecurity(string? text, out SmtpSecurity security)
    {
        security = text?.ToUpperInvariant() switch
        {
            "AUTO" => SmtpSecurity.Auto,
            "NONE" => SmtpSecurity.None,
            "STARTTLS" => SmtpSecurity.StartTls,
            "SSL" => SmtpSecurity.Ssl,
            _ => (SmtpSecurity)(-1),
        };
        return Enum.IsDefined(security);
    }
}
