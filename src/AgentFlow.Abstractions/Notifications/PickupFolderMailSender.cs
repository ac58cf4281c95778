using System.Net.Mail;

namespace AgentFlow.Abstractions.Notifications;

/// <summary>Writes each message as an <c>.eml</c> file to a folder (the outbox), where a person or a relay can pick it up.</summary>
/// <param name="folder">The folder; created on first use.</param>
public sealed class PickupFolderMailSender(string folder) : IMailSender
{
    /// <summary>The folder messages are written to.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <inheritdoc />
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Folder);
        using var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = Folder };
        await client.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
