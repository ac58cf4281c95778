namespace AgentFlow.Core.Validation.Trust;

/// <summary>Whether a value can carry third-party content, and how freely an attacker can choose it.</summary>
public enum UntrustedKind
{
    /// <summary>Written by the author, an operator or trusted code: no third-party content.</summary>
    None,

    /// <summary>Third-party content (a fetched page, a mail, a webhook body) reached through code and templates.</summary>
    Data,

    /// <summary>A model's answer that read untrusted text: an injection in that text can choose it freely.</summary>
    Model,
}
