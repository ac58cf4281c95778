namespace AgentFlow.Engine.Approvals;

/// <summary>Where the <see cref="AuditLog"/> keeps the secret key of its MAC chain.</summary>
public sealed class AuditLogOptions
{
    /// <summary>
    /// The key file: 32 random bytes (base64, one line), created owner-only on the first append. It must not be inside
    /// the data directory: whoever can rewrite the log must not also be able to read the key. Default
    /// <see cref="DefaultKeyFile"/> (set by <c>AGENTFLOW__AUDIT__KEYFILE</c> or <c>audit.keyFile</c> in agentflow.json).
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// <c>agentflow/audit.key</c> in the user's configuration folder: <c>$XDG_CONFIG_HOME</c> or <c>~/.config</c> on
    /// Linux and macOS, <c>%APPDATA%</c> on Windows; null when the user has no such folder (e.g. no HOME).
    /// </summary>
    public static string? DefaultKeyFile =>
        Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } config
            ? Path.Combine(config, "agentflow", "audit.key")
            : null;
}
