using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>
/// A trigger that starts a run for each signed HTTP POST to <c>/hooks/WORKFLOW/TRIGGER</c> on the server. The body is
/// signed with HMAC-SHA256 under a shared secret (GitHub's <c>X-Hub-Signature-256: sha256=HEX</c> format by default).
/// </summary>
public sealed record WebhookTrigger : TriggerDefinition
{
    /// <summary>Default signature header (GitHub's).</summary>
    public const string DefaultSignatureHeader = "X-Hub-Signature-256";

    /// <summary>Default timestamp header.</summary>
    public const string DefaultTimestampHeader = "X-Signature-Timestamp";

    /// <summary>Largest <see cref="MaxBodyBytes"/> a workflow may set (16 MiB).</summary>
    public const int MaxBodyBytesLimit = 16 * 1024 * 1024;

    /// <summary>Longest <see cref="WaitTimeout"/> a workflow may set: a caller should not hold a connection longer.</summary>
    public static readonly TimeSpan WaitTimeoutLimit = TimeSpan.FromMinutes(5);

    /// <summary>Fields of a <c>webhook</c> trigger, beside <see cref="TriggerDefinition.CommonFields"/>.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("secretEnv", FieldType.String, Required: true), new("signatureHeader", FieldType.String),
        new("timestampHeader", FieldType.String), new("requireTimestamp", FieldType.Boolean),
        new("tolerance", FieldType.Duration), new("maxBodyBytes", FieldType.Integer),
        new("respond", FieldType.String, Allowed: ["accepted", "wait"]), new("waitTimeout", FieldType.Duration),
    ];

    /// <inheritdoc />
    public override TriggerKind Kind => TriggerKind.Webhook;

    /// <summary>The environment variable holding the shared secret.</summary>
    public required string SecretEnv { get; init; }

    /// <summary>The header carrying <c>sha256=HEX</c>.</summary>
    public string SignatureHeader { get; init; } = DefaultSignatureHeader;

    /// <summary>
    /// The header carrying the sender's Unix time in seconds. When the call has it, the signature covers
    /// <c>TIMESTAMP.BODY</c> and the time must be within <see cref="Tolerance"/>; when <see cref="RequireTimestamp"/> is
    /// false (for senders such as GitHub that sign the body only), a call without it is checked over the body alone.
    /// </summary>
    public string TimestampHeader { get; init; } = DefaultTimestampHeader;

    /// <summary>Whether calls without a timestamp are refused (default true: replay protection).</summary>
    public bool RequireTimestamp { get; init; } = true;

    /// <summary>How far the sender's timestamp may be from the server's clock (default five minutes).</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest body accepted, in bytes (default 1 MiB); larger calls get 413.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>What the call answers.</summary>
    public WebhookRespond Respond { get; init; } = WebhookRespond.Accepted;

    /// <summary>With <see cref="WebhookRespond.Wait"/>: how long the call waits for the run (default 30 s).</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal static WebhookTrigger Read(TriggerReadContext trigger, ObjectReader r)
    {
        var respond = r.String("respond") == "wait" ? WebhookRespond.Wait : WebhookRespond.Accepted;
        // A wrong "respond" is reported already; the author may well have meant "wait".
        var respondReported = r.Has("respond") && r.Element("respond") is null;
        if (r.Has("waitTimeout") && respond != WebhookRespond.Wait && !respondReported)
        {
            trigger.Sink.Add(
                DiagnosticCodes.IneffectiveSetting,
                DiagnosticSeverity.Warning,
                r.PathOf("waitTimeout"),
                $"'waitTimeout' of {trigger.What} has no effect: the call answers 202 as soon as the run has started",
                "Add \"respond\": \"wait\" to answer with the run's output when it finishes within waitTimeout, or remove \"waitTimeout\".");
        }

        trigger.CheckEnvironmentVariable(r, "secretEnv", "shared secret", "AGENTFLOW_HOOK_SECRET");
        if (r.Duration("waitTimeout") is { } wait && wait > WaitTimeoutLimit)
        {
            trigger.Sink.Error(
                DiagnosticCodes.TriggerTimingOutOfBounds,
                r.PathOf("waitTimeout"),
                $"'waitTimeout' of {trigger.What} is {IsoDuration.Format(wait)}; a call waits for its run at most {IsoDuration.Format(WaitTimeoutLimit)}",
                "Use at most \"PT5M\"; for longer runs answer at once (\"respond\": \"accepted\") and let the caller follow the run by its id.");
        }

        return new WebhookTrigger
        {
            Name = trigger.Name,
            JsonPath = trigger.Path,
            SecretEnv = r.String("secretEnv") ?? string.Empty,
            SignatureHeader = r.String("signatureHeader") ?? DefaultSignatureHeader,
            TimestampHeader = r.String("timestampHeader") ?? DefaultTimestampHeader,
            RequireTimestamp = r.Bool("requireTimestamp") ?? true,
            Tolerance = r.Duration("tolerance") ?? TimeSpan.FromMinutes(5),
            MaxBodyBytes = r.Int("maxBodyBytes", 1, MaxBodyBytesLimit) ?? 1024 * 1024,
            Respond = respond,
            WaitTimeout = r.Duration("waitTimeout") ?? TimeSpan.FromSeconds(30),
        };
    }
}
