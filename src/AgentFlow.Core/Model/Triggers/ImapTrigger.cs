using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>A trigger that starts one run per message arriving in an IMAP folder.</summary>
public sealed record ImapTrigger : TriggerDefinition
{
    /// <summary>Fields of an <c>imap</c> trigger, beside <see cref="TriggerDefinition.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("host", FieldType.String, Required: true), new("port", FieldType.Integer),
        new("security", FieldType.String, Allowed: ["tls", "startTls", "none"]),
        new("username", FieldType.String, Required: true), new("passwordEnv", FieldType.String, Required: true),
        new("folder", FieldType.String), new("filter", FieldType.Object, Section: "imapFilter"),
        new("after", FieldType.Any), new("poll", FieldType.Duration),
    ];

    /// <summary>Fields of <c>filter</c>.</summary>
    public static IReadOnlyList<FieldSpec> FilterFields { get; } =
        [new("unseen", FieldType.Boolean), new("from", FieldType.String), new("subject", FieldType.String)];

    /// <summary>Fields of <c>after</c> when it is an object (<c>{ "moveTo": "Processed" }</c>); else it is <c>"markSeen"</c>.</summary>
    public static IReadOnlyList<FieldSpec> AfterFields { get; } = [new("moveTo", FieldType.String, Required: true)];

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

    internal static ImapTrigger Read(TriggerReadContext trigger, ObjectReader r)
    {
        var filter = new ImapFilter();
        if (r.Element("filter") is { } f)
        {
            var fr = new ObjectReader(f, r.PathOf("filter"), FilterFields, trigger.Sink, $"filter of {trigger.What}");
            filter = new ImapFilter(fr.Bool("unseen") ?? true, fr.String("from"), fr.String("subject"));
        }

        var folder = r.String("folder") ?? "INBOX";
        if (folder.Trim().Length == 0)
        {
            trigger.Sink.Error(DiagnosticCodes.InvalidValue, r.PathOf("folder"), $"'folder' of {trigger.What} is empty", "Name the folder to watch, e.g. \"INBOX\" (the default).");
        }

        var moveTo = ReadAfter(trigger, r);
        if (moveTo is not null && string.Equals(moveTo, folder, StringComparison.OrdinalIgnoreCase))
        {
            trigger.Sink.Error(DiagnosticCodes.InvalidValue, JsonPaths.Property(r.PathOf("after"), "moveTo"), $"{trigger.What} would move each message to '{moveTo}', the folder it watches", "Move messages to another folder (e.g. \"Processed\"), or write \"after\": \"markSeen\".");
        }

        trigger.CheckEnvironmentVariable(r, "passwordEnv", "password", "AGENTFLOW_IMAP_PASSWORD");
        var imap = new ImapTrigger
        {
            Name = trigger.Name,
            JsonPath = trigger.Path,
            Host = r.String("host") ?? string.Empty,
            Port = r.Int("port", 1, 65535),
            Security = r.String("security") switch
            {
                "startTls" => ImapSecurity.StartTls,
                "none" => ImapSecurity.None,
                _ => ImapSecurity.Tls,
            },
            Username = r.String("username") ?? string.Empty,
            PasswordEnv = r.String("passwordEnv") ?? string.Empty,
            Folder = folder,
            Filter = filter,
            MoveTo = moveTo,
            Poll = r.Duration("poll") ?? TimeSpan.FromMinutes(1),
        };
        if (imap.Security == ImapSecurity.None && imap.Host.Length > 0 && !IsLoopback(imap.Host))
        {
            trigger.Sink.Add(
                DiagnosticCodes.CleartextImap,
                DiagnosticSeverity.Warning,
                r.PathOf("security"),
                $"{trigger.What} signs in to '{imap.Host}' without encryption: the password and every message travel in clear text",
                "Use \"security\": \"tls\" (port 993) or \"startTls\" (port 143); \"none\" is meant for a server on this machine (127.0.0.1, ::1, localhost).");
        }

        return imap;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    private static string? ReadAfter(TriggerReadContext trigger, ObjectReader r)
    {
        if (r.Element("after") is not { } after)
        {
            return null;
        }

        var path = r.PathOf("after");
        const string Forms = "Write \"after\": \"markSeen\" (the default) or \"after\": { \"moveTo\": \"Processed\" }.";
        switch (after.ValueKind)
        {
            case JsonValueKind.String when after.GetString() == "markSeen":
                return null;
            case JsonValueKind.String:
                trigger.Sink.Error(DiagnosticCodes.InvalidValue, path, $"'after' of {trigger.What} is '{after.GetString()}', which is neither \"markSeen\" nor {{ \"moveTo\": FOLDER }}", Forms);
                return null;
            case JsonValueKind.Object:
                var a = new ObjectReader(after, path, AfterFields, trigger.Sink, $"'after' of {trigger.What}");
                if (a.String("moveTo") is { } folder && folder.Trim().Length == 0)
                {
                    trigger.Sink.Error(DiagnosticCodes.InvalidValue, a.PathOf("moveTo"), $"'moveTo' of {trigger.What} is empty", "Name the folder messages are moved to once their run has started, e.g. \"Processed\".");
                    return null;
                }

                return a.String("moveTo");
            default:
                trigger.Sink.Error(DiagnosticCodes.WrongType, path, $"'after' of {trigger.What} must be \"markSeen\" or an object, not {ObjectReader.Describe(after)}", Forms);
                return null;
        }
    }
}
