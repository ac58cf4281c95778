namespace AgentFlow.Core.Model.Triggers;

/// <summary>How an IMAP trigger protects its connection.</summary>
public enum ImapSecurity
{
    /// <summary>TLS from the first byte (port 993 by default).</summary>
    Tls,

    /// <summary>Plain connection upgraded with STARTTLS (port 143 by default); refused if the server cannot.</summary>
    StartTls,

    /// <summary>No encryption (port 143 by default): only for a server on this machine or a test.</summary>
    None,
}
