using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Core.Model;
using MimeKit;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// One e-mail as the <c>email</c> tool kinds send it, read from a <see cref="ToolCall"/>: args <c>to</c> (address,
/// comma-separated addresses or array), <c>cc</c>, <c>subject</c>, <c>text</c> and/or <c>html</c>, <c>headers</c>; settings
/// <c>from</c> and <c>allowDomains</c>. Every delivery (outbox, SMTP) reads its message through here, so both refuse
/// the same recipients and derive the same Message-Id from the idempotency key.
/// </summary>
internal sealed record EmailRequest
{
    /// <summary>Sender when the tool declares no <c>from</c>.</summary>
    public const string DefaultFrom = "agentflow@localhost";

    /// <summary>Header carrying the idempotency key, so a receiver can recognise a repeat.</summary>
    public const string KeyHeader = "X-AgentFlow-Key";

    public required MailAddress From { get; init; }

    public required IReadOnlyList<MailAddress> To { get; init; }

    public required IReadOnlyList<MailAddress> Cc { get; init; }

    public required string Subject { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    /// <summary>Extra headers from <c>args.headers</c>, checked by <see cref="EmailHeaders"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>With angle brackets, e.g. <c>&lt;3f2a…@agentflow&gt;</c>.</summary>
    public required string MessageId { get; init; }

    public required string IdempotencyKey { get; init; }

    /// <summary>Reads and checks the message; every problem is a <see cref="NodeExecutionException"/> naming the tool.</summary>
    public static EmailRequest Read(ToolCall toolCall, ToolPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(toolCall);
        var name = toolCall.Tool.Name;
        var to = Addresses(toolCall.Args["to"], name, "to", required: true);
        var cc = Addresses(toolCall.Args["cc"], name, "cc", required: false);
        var allowed = AllowedDomains(toolCall.Tool.Settings);
        if (allowed.Count > 0 && to.Concat(cc).FirstOrDefault(a => !allowed.Contains(a.Host, StringComparer.OrdinalIgnoreCase)) is { } refused)
        {
            throw new NodeExecutionException($"email tool '{name}': {refused.Address} is not in an allowed domain ({string.Join(", ", allowed)})");
        }

        foreach (var recipient in to.Concat(cc))
        {
            if (policy.EmailRecipientRefusal(name, recipient.Address, recipient.Host) is { } refusal)
            {
                throw new NodeExecutionException(refusal);
            }
        }

        var subject = TextOf(toolCall.Args["subject"]) ?? throw new NodeExecutionException($"email tool '{name}': args.subject is required");
        var text = TextOf(toolCall.Args["text"]);
        var html = TextOf(toolCall.Args["html"]);
        if (text is null && html is null)
        {
            throw new NodeExecutionException($"email tool '{name}': give args.text or args.html (the body)");
        }

        var from = Sender(toolCall.Tool.Settings) ?? DefaultFrom;
        return new EmailRequest
        {
            From = MailAddress.TryCreate(from, out var sender) ? sender : throw new NodeExecutionException($"email tool '{name}': from '{from}' is not an e-mail address"),
            To = to,
            Cc = cc,
            Subject = subject,
            Text = text,
            Html = html,
            Headers = EmailHeaders.Read(toolCall.Args["headers"], name),
            MessageId = MessageIdFor(toolCall.Execution.IdempotencyKey),
            IdempotencyKey = toolCall.Execution.IdempotencyKey,
        };
    }

    /// <summary><c>&lt;first 32 hex digits of SHA-256(key)@agentflow&gt;</c>: the same key always gives the same id.</summary>
    public static string MessageIdFor(string idempotencyKey) =>
        $"<{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}@agentflow>";

    /// <summary>
    /// The message as MIME: text and HTML together are multipart/alternative (plain text first, as RFC 2046 orders
    /// them from least to most faithful), one body alone is a single part. Every delivery writes exactly this.
    /// </summary>
    public MimeMessage ToMime()
    {
        var message = new MimeMessage { Subject = Subject, MessageId = MessageId.Trim('<', '>') };
        message.From.Add(Mailbox(From));
        message.To.AddRange(To.Select(Mailbox));
        message.Cc.AddRange(Cc.Select(Mailbox));
        message.Headers.Add(KeyHeader, IdempotencyKey);
        foreach (var (name, value) in Headers)
        {
            message.Headers.Add(name, value);
        }

        message.Body = new BodyBuilder { TextBody = Text, HtmlBody = Html }.ToMessageBody();
        return message;
    }

    /// <summary>The result every delivery returns, plus its own delivery-specific members.</summary>
    public JsonObject Result(string delivery) => new()
    {
        ["messageId"] = MessageId,
        ["to"] = new JsonArray([.. To.Select(a => (JsonNode)a.Address)]),
        ["subject"] = Subject,
        ["delivery"] = delivery,
    };

    private static List<MailAddress> Addresses(JsonNode? value, string tool, string field, bool required)
    {
        var items = value switch
        {
            null => [],
            JsonArray array => array.Select(TextOf).OfType<string>().ToList(),
            _ => TextOf(value)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList() ?? [],
        };
        if (required && items.Count == 0)
        {
            throw new NodeExecutionException($"email tool '{tool}': args.{field} must name at least one recipient");
        }

        return [.. items.Select(a => MailAddress.TryCreate(a, out var address) ? address : throw new NodeExecutionException($"email tool '{tool}': '{a}' in args.{field} is not an e-mail address"))];
    }

    private static MailboxAddress Mailbox(MailAddress address) => new(address.DisplayName, address.Address);

    private static string? TextOf(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static string? Sender(JsonElement settings) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;

    /// <summary>Problems before a run starts: <c>allowDomains</c> entries beyond the host's ceiling.</summary>
    public static IEnumerable<string> Check(ToolDefinition tool, ToolPolicy policy) =>
        AllowedDomains(tool.Settings).Select(d => policy.EmailDomainRefusal(tool.Name, d)).OfType<string>();

    private static List<string> AllowedDomains(JsonElement settings) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("allowDomains", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
