using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Tools;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// The <c>email</c> tool kind without an SMTP server: each message is written as an RFC 5322 <c>.eml</c> file to an
/// outbox folder (by default <c>DATA/outbox</c>), where a person or a mail relay can pick it up. Args: <c>to</c>
/// (address or array), <c>cc</c>, <c>subject</c>, <c>text</c> and/or <c>html</c>; settings: <c>from</c>,
/// <c>allowDomains</c>. The Message-Id is derived from the idempotency key, so a repeat is recognisable.
/// </summary>
public sealed class OutboxEmailToolKind(string outboxDirectory) : IToolKind
{
    /// <inheritdoc />
    public string Kind => "email";

    /// <summary>The folder messages are written to.</summary>
    public string OutboxDirectory { get; } = outboxDirectory;

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        var name = toolCall.Tool.Name;
        var to = Addresses(toolCall.Args["to"], name, "to", required: true);
        var cc = Addresses(toolCall.Args["cc"], name, "cc", required: false);
        var allowed = Strings(toolCall.Tool.Settings, "allowDomains");
        if (allowed.Count > 0 && to.Concat(cc).FirstOrDefault(a => !allowed.Contains(a.Host, StringComparer.OrdinalIgnoreCase)) is { } refused)
        {
            throw new NodeExecutionException($"email tool '{name}': {refused.Address} is not in an allowed domain ({string.Join(", ", allowed)})");
        }

        var subject = Text(toolCall.Args["subject"]) ?? throw new NodeExecutionException($"email tool '{name}': args.subject is required");
        var text = Text(toolCall.Args["text"]);
        var html = Text(toolCall.Args["html"]);
        if (text is null && html is null)
        {
            throw new NodeExecutionException($"email tool '{name}': give args.text or args.html (the body)");
        }

        var from = toolCall.Tool.Settings.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "agentflow@localhost";
        var messageId = $"<{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(toolCall.Execution.IdempotencyKey)))[..32]}@agentflow>";
        using var message = new MailMessage { From = new MailAddress(from), Subject = subject, BodyEncoding = Encoding.UTF8, SubjectEncoding = Encoding.UTF8 };
        to.ForEach(message.To.Add);
        cc.ForEach(message.CC.Add);
        message.Headers.Add("Message-Id", messageId);
        message.Headers.Add("X-AgentFlow-Key", toolCall.Execution.IdempotencyKey);
        message.Body = html ?? text;
        message.IsBodyHtml = html is not null;
        if (html is not null && text is not null)
        {
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(text, Encoding.UTF8, "text/plain"));
        }

        Directory.CreateDirectory(OutboxDirectory);
        using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = Path.GetFullPath(OutboxDirectory) })
        {
            client.Send(message);
        }

        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["messageId"] = messageId,
            ["to"] = new JsonArray([.. to.Select(a => (JsonNode)a.Address)]),
            ["subject"] = subject,
            ["delivery"] = "outbox",
            ["outbox"] = Path.GetFullPath(OutboxDirectory),
        });
    }

    private static List<MailAddress> Addresses(JsonNode? value, string tool, string field, bool required)
    {
        var items = value switch
        {
            null => [],
            JsonArray array => array.Select(Text).OfType<string>().ToList(),
            _ => Text(value)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList() ?? [],
        };
        if (required && items.Count == 0)
        {
            throw new NodeExecutionException($"email tool '{tool}': args.{field} must name at least one recipient");
        }

        return [.. items.Select(a => MailAddress.TryCreate(a, out var address) ? address : throw new NodeExecutionException($"email tool '{tool}': '{a}' in args.{field} is not an e-mail address"))];
    }

    private static string? Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static List<string> Strings(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
