using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Triggers;
using MimeKit;
using MimeKit.IO;

namespace AgentFlow.Triggers.Imap;

/// <summary>
/// What an IMAP trigger gives its input mapping for one mail: <c>trigger</c> (workflow, name, kind, key, firedAt) and
/// <c>message</c> (id, uid, folder, from, to, cc, subject, date, text, html, attachments, headers), plus the mail's
/// key (its Message-Id, or a hash when it has none) and the one-line summary people see.
/// </summary>
internal static class ImapMessageScope
{
    private const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The firing for <paramref name="message"/>, fired at <paramref name="firedAt"/>.</summary>
    public static TriggerFiring Firing(TriggerRegistration registration, MimeMessage message, uint uid, string folder, DateTimeOffset firedAt, int maxTextLength)
    {
        var key = KeyOf(message);
        return new TriggerFiring(key, Build(registration, message, uid, folder, key, firedAt, maxTextLength), SummaryOf(message));
    }

    /// <summary>
    /// The mail's key: its Message-Id without the angle brackets, so the copy of a mail delivered twice (or seen again
    /// after a crash) is the same occasion; a mail without one gets <c>sha256:HEX</c> of its Date, From, Subject and
    /// decoded parts, which are the same for every copy of it.
    /// </summary>
    public static string KeyOf(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = MessageId(message);
        if (id.Length > 0)
        {
            return id;
        }

        // Parsed values and decoded content rather than raw bytes, so the hash does not depend on how a copy was
        // encoded, folded or line-ended.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var date = message.Headers.Contains(HeaderId.Date) ? message.Date.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture) : string.Empty;
        var from = string.Join(',', message.From.Mailboxes.Select(m => m.Address));
        Append(hash, $"{date}\n{from}\n{message.Subject}\n");
        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            Append(hash, part.ContentType.MimeType + "\n");
            if (part is TextPart text)
            {
                Append(hash, text.Text.ReplaceLineEndings("\n").TrimEnd() + "\n");
                continue;
            }

            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            hash.AppendData(content.GetBuffer(), 0, (int)content.Length);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary><c>mail "SUBJECT" from ADDRESS</c>.</summary>
    public static string SummaryOf(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subject = OneLine(message.Subject ?? string.Empty);
        if (subject.Length > 120)
        {
            subject = subject[..117] + "...";
        }

        var from = message.From.Mailboxes.FirstOrDefault()?.Address;
        return $"mail \"{subject}\" from {(string.IsNullOrEmpty(from) ? "an unknown sender" : from)}";
    }

    /// <summary>The template variables for <paramref name="message"/>.</summary>
    public static JsonObject Build(TriggerRegistration registration, MimeMessage message, uint uid, string folder, string key, DateTimeOffset firedAt, int maxTextLength)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(message);
        var html = message.HtmlBody;
        var text = message.TextBody ?? (html is null ? string.Empty : HtmlText.ToText(html));
        var mail = new ImapMessage
        {
            Id = MessageId(message),
            Uid = uid,
            Folder = folder,
            From = Address(message.From.Mailboxes.FirstOrDefault()),
            To = Addresses(message.To),
            Cc = Addresses(message.Cc),
            Subject = message.Subject ?? string.Empty,
            Date = message.Headers.Contains(HeaderId.Date) ? message.Date : firedAt,
            Text = Cut(text, maxTextLength),
            Html = Cut(html ?? string.Empty, maxTextLength),
            Attachments = Attachments(message),
            Headers = Headers(message),
        };
        return TriggerScope.ForImap(registration.Workflow.Name, (ImapTrigger)registration.Trigger, key, firedAt, mail);
    }

    /// <summary><paramref name="text"/>, or its first <paramref name="max"/> characters and a marker saying how many were left out.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : Math.Max(max, 0);
        return text[..keep] + $"\n[... cut: {text.Length - keep} more characters]";
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));

    private static string MessageId(MimeMessage message) => (message.MessageId ?? string.Empty).Trim().TrimStart('<').TrimEnd('>').Trim();

    private static ImapAddress Address(MailboxAddress? mailbox) => new(mailbox?.Name ?? string.Empty, mailbox?.Address ?? string.Empty);

    private static List<ImapAddress> Addresses(InternetAddressList list) => [.. list.Mailboxes.Select(Address)];

    private static List<ImapAttachment> Attachments(MimeMessage message)
    {
        var result = new List<ImapAttachment>();
        foreach (var entity in message.Attachments)
        {
            using var measure = new MeasuringStream();
            string? name;
            if (entity is MessagePart rfc822)
            {
                rfc822.Message?.WriteTo(measure);
                name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name ?? ((rfc822.Message?.Subject ?? "message") + ".eml");
            }
            else if (entity is MimePart part)
            {
                part.Content?.DecodeTo(measure);
                name = part.FileName;
            }
            else
            {
                continue;
            }

            result.Add(new ImapAttachment(name ?? string.Empty, measure.Length, entity.ContentType.MimeType));
        }

        return result;
    }

    /// <summary>Headers by lower-case name, the value of the first occurrence (Received and the like repeat).</summary>
    private static Dictionary<string, string> Headers(MimeMessage message)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in message.Headers)
        {
            result.TryAdd(header.Field.ToLowerInvariant(), header.Value?.Trim() ?? string.Empty);
        }

        return result;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
