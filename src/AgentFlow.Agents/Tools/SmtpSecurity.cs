namespace AgentFlow.Agents.Tools;

/// <summary>How the SMTP connection is secured (<c>smtp.security</c>: <c>auto</c>, <c>none</c>, <c>starttls</c>, <c>ssl</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,

    /// <summary>Plain text; only for a local relay or the <c>agentflow dev smtp</c> sink.</summary>
    None,

    /// <summary>STARTTLS, required: a server that does not offer it is refused.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Ssl,
}
