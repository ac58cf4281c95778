using System.Net.Mail;

namespace AgentFlow.Abstractions.Notifications;

/// <summary>Delivers a message composed by AgentFlow itself (e.g. an approval notification), not by a workflow's tool.</summary>
public interface IMailSender
{
    /// <summary>Delivers <paramref name="message"/>; failures throw with a message naming the server or folder.</summary>
    Task SendAsync(MailMessage message, CancellationToken cancellationToken);
}
