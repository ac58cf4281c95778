using System.Net.Mail;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Tools;

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
        var email = EmailRequest.Read(toolCall);
        using var message = new MailMessage { From = email.From, Subject = email.Subject, BodyEncoding = Encoding.UTF8, SubjectEncoding = Encoding.UTF8 };
        foreach (var to in email.To)
        {
            message.To.Add(to);
        }

        foreach (var cc in email.Cc)
        {
            message.CC.Add(cc);
        }

        message.Headers.Add("Message-Id", email.MessageId);
        message.Headers.Add(EmailRequest.KeyHeader, email.IdempotencyKey);
        message.Body = email.Html ?? email.Text;
        message.IsBodyHtml = email.Html is not null;
        if (email.Html is not null && email.Text is not null)
        {
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(email.Text, Encoding.UTF8, "text/plain"));
        }

        Directory.CreateDirectory(OutboxDirectory);
        using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = Path.GetFullPath(OutboxDirectory) })
        {
            client.Send(message);
        }

        var result = email.Result("outbox");
        result["outbox"] = Path.GetFullPath(OutboxDirectory);
        return Task.FromResult<JsonNode?>(result);
    }
}
