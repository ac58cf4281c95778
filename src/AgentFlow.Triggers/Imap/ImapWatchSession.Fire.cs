using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace AgentFlow.Triggers.Imap;

internal sealed partial class ImapWatchSession
{
    private enum Outcome
    {
        /// <summary>Nothing (more) to do: wait for new mail.</summary>
        Idle,

        /// <summary>At least one mail was fired and marked or moved: search again.</summary>
        Handled,

        /// <summary>The trigger is paused: start nothing, check again later.</summary>
        Paused,
    }

    private SearchQuery Query()
    {
        // Deleted mail is on its way out (a COPY + \Deleted move whose EXPUNGE was cut short): never fire it again.
        SearchQuery query = SearchQuery.NotDeleted;
        if (_trigger.Filter.Unseen)
        {
            query = query.And(SearchQuery.NotSeen);
        }

        if (!string.IsNullOrEmpty(_trigger.Filter.From))
        {
            query = query.And(SearchQuery.FromContains(_trigger.Filter.From));
        }

        if (!string.IsNullOrEmpty(_trigger.Filter.Subject))
        {
            query = query.And(SearchQuery.SubjectContains(_trigger.Filter.Subject));
        }

        return query;
    }

    private async Task<Outcome> FireMatchingAsync(IMailFolder folder, IMailFolder? target, CancellationToken cancellationToken)
    {
        var uids = await folder.SearchAsync(Query(), cancellationToken).ConfigureAwait(false);
        var outcome = Outcome.Idle;
        foreach (var uid in uids.OrderBy(u => u.Id))
        {
            if (_refused.Contains((folder.UidValidity, uid.Id)))
            {
                continue;
            }

            if (await _context.IsPausedAsync(_registration, cancellationToken).ConfigureAwait(false))
            {
                return Outcome.Paused;
            }

            if (await FireAsync(folder, target, uid, cancellationToken).ConfigureAwait(false))
            {
                outcome = Outcome.Handled;
            }
        }

        return outcome;
    }

    /// <summary>Fires one mail and marks or moves it; false when it is gone or its inputs were refused.</summary>
    private async Task<bool> FireAsync(IMailFolder folder, IMailFolder? target, UniqueId uid, CancellationToken cancellationToken)
    {
        MimeKit.MimeMessage message;
        try
        {
            // BODY.PEEK: reading the mail does not set \Seen, so a crash before the fire leaves it to be found again.
            message = await folder.GetMessageAsync(uid, cancellationToken).ConfigureAwait(false);
        }
        catch (MessageNotFoundException)
        {
            return false;
        }

        var firing = ImapMessageScope.Firing(_registration, message, uid.Id, folder.FullName, _context.Time.GetUtcNow(), _options.MaxTextLength);
        TriggerFireResult result;
        try
        {
            result = await _context.FireAsync(_registration, firing, cancellationToken).ConfigureAwait(false);
        }
        catch (TriggerInputException refused)
        {
            _refused.Add((folder.UidValidity, uid.Id));
            ImapLog.InputRefused(_logger, _registration.Id, uid.Id, firing.Key, refused.Message);
            await _context.ReportErrorAsync(
                _registration,
                $"mail UID {uid.Id} in '{folder.FullName}' ({firing.Summary}, key {firing.Key}) was left unmarked: {refused.Message}",
                cancellationToken).ConfigureAwait(false);
            return false;
        }

        // The run exists now (new or from before a crash): only then is the mail marked or moved, so it is never lost.
        await AfterAsync(folder, target, uid, cancellationToken).ConfigureAwait(false);
        ImapLog.Fired(_logger, _registration.Id, uid.Id, firing.Key, result.RunId, result.Started);
        return true;
    }

    private async Task AfterAsync(IMailFolder folder, IMailFolder? target, UniqueId uid, CancellationToken cancellationToken)
    {
        if (target is null)
        {
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, true, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_client.Capabilities.HasFlag(ImapCapabilities.Move))
        {
            await folder.MoveToAsync(uid, target, cancellationToken).ConfigureAwait(false);
            return;
        }

        // No MOVE: copy, flag \Deleted (the search skips it from now on), and expunge just this UID when the server
        // can (UIDPLUS); a plain EXPUNGE could remove mail other clients flagged, so without UIDPLUS it stays flagged.
        await folder.CopyToAsync(uid, target, cancellationToken).ConfigureAwait(false);
        await folder.AddFlagsAsync(uid, MessageFlags.Deleted | MessageFlags.Seen, true, cancellationToken).ConfigureAwait(false);
        if (_client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
        {
            await folder.ExpungeAsync([uid], cancellationToken).ConfigureAwait(false);
        }
    }
}
