using System.Globalization;
using System.Net.Mail;
using System.Text;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Approvals.Links;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The default approval event sink: audits escalations and timeouts, and tells the approvers who have an e-mail
/// address, one message per approver and event (<see cref="ApprovalNotification"/>, from <paramref name="notifications"/>
/// <c>From</c>), through <paramref name="mail"/> (the configured SMTP server, or the outbox folder). With
/// <paramref name="links"/> and a public URL, each message carries a link that decides as that approver.
/// </summary>
public sealed class ApprovalEventSink(AuditLog audit, OperatorStore operators, IMailSender mail, NotificationOptions? notifications = null, ApprovalLinks? links = null) : IApprovalEventSink
{
    private readonly NotificationOptions options = notifications ?? new NotificationOptions();

    /// <summary>Creates the sink that writes notifications to <paramref name="outboxDirectory"/> as <c>.eml</c> files.</summary>
    public ApprovalEventSink(AuditLog audit, OperatorStore operators, string outboxDirectory)
        : this(audit, operators, new PickupFolderMailSender(outboxDirectory))
    {
    }

    /// <inheritdoc />
    public async Task HandleAsync(ApprovalEvent approvalEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvalEvent);
        if (approvalEvent.Kind is ApprovalEventKind.Escalation or ApprovalEventKind.Timeout)
        {
            var kind = approvalEvent.Kind == ApprovalEventKind.Escalation ? AuditKinds.Escalation : AuditKinds.Timeout;
            // An activity may run twice: skip an identical record already in the log.
            var existing = await audit.ReadAsync(approvalEvent.RunId, cancellationToken).ConfigureAwait(false);
            if (!existing.Any(r => r.Kind == kind && r.Node == approvalEvent.Node))
            {
                await audit.AppendAsync(
                    new AuditEntry(Kind: kind, RunId: approvalEvent.RunId, Node: approvalEvent.Node, Decision: approvalEvent.Outcome ?? (approvalEvent.Kind == ApprovalEventKind.Escalation ? "escalated" : null), Reason: approvalEvent.Kind == ApprovalEventKind.Escalation ? $"approvers now: {string.Join(", ", approvalEvent.Approvers)}" : "no decision in time", Shown: approvalEvent.Show),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        if (approvalEvent.Kind is ApprovalEventKind.Waiting or ApprovalEventKind.Escalation)
        {
            await NotifyAsync(approvalEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task NotifyAsync(ApprovalEvent approvalEvent, CancellationToken cancellationToken)
    {
        var recipients = (await operators.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(o => o.Email is not null && Approver.AnyAdmits(approvalEvent.Approvers, o.Name, o.Roles))
            .ToList();
        if (recipients.Count == 0)
        {
            return;
        }

        foreach (var recipient in recipients)
        {
            var link = await LinkAsync(approvalEvent, recipient, cancellationToken).ConfigureAwait(false);
            using var message = ApprovalNotification.Create(approvalEvent, recipient.Email!, options, link);
            await mail.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Uri?> LinkAsync(ApprovalEvent approvalEvent, Operator recipient, CancellationToken cancellationToken)
    {
        try
        {
            return links is null ? null : await links.CreateAsync(approvalEvent.RunId, approvalEvent.Node, recipient.Name, approvalEvent.Until, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditLogException)
        {
            // No key to sign with (the audit key is missing): the approver still hears of it, and decides from the CLI.
            return null;
        }
    }
}
