using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace AgentFlow.Triggers.Imap;

internal sealed partial class ImapWatchSession
{
    // Fired mail is marked or moved in one command per this many (one round trip, one mailbox write).
    private const int AfterBatch = 32;

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
        var fired = new List<UniqueId>();
        foreach (var uid in uids.OrderBy(u => u.Id))
        {
            if (_skip.Contains((folder.UidValidity, uid.Id)))
            {
                continue;
            }

            if (await _context.IsPausedAsync(_registration, cancellationToken).ConfigureAwait(false))
            {
                outcome = Outcome.Paused;
                break;
            }

            if (await FireAsync(folder, uid, cancellationToken).ConfigureAwait(false))
            {
                outcome = Outcome.Handled;
                fired.Add(uid);
                if (target is null && !_trigger.Filter.Unseen)
                {
                    // Marked \Seen, it still matches a filter that does not ask for unseen mail: without this, every
                    // search would fire it again (the host would answer with its run, but the loop would never rest).
                    _skip.Add((folder.UidValidity, uid.Id));
                }

                if (fired.Count >= AfterBatch)
                {
                    await AfterAsync(folder, target, fired, cancellationToken).ConfigureAwait(false);
                    fired.Clear();
                }
            }
        }

        await AfterAsync(folder, target, fired, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Fires one mail; false when it is gone or its inputs were refused.</summary>
    private async Task<bool> FireAsync(IMailFolder folder, UniqueId uid, CancellationToken cancellationToken)
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
            _skip.Add((folder.UidValidity, uid.Id));
            ImapLog.InputRefused(_logger, _registration.Id, uid.Id, firing.Key, refused.Message);
            await _context.ReportErrorAsync(
                _registration,
                $"mail UID {uid.Id} in '{folder.FullName}' ({firing.Summary}, key {firing.Key}) was left unmarked: {refused.Message}",
                cancellationToken).ConfigureAwait(false);
            return false;
        }

        ImapLog.Fired(_logger, _registration.Id, uid.Id, firing.Key, result.RunId, result.Started);
        return true;
    }

    /// <summary>
    /// Marks or moves mail whose runs exist now (new or from before a crash): only then, so a mail is never lost, and
    /// a crash before it only fires the same keys again. Done for up to <see cref="AfterBatch"/> mails in one command.
    /// </summary>
    private async Task AfterAsync(IMailFolder folder, IMailFolder? target, List<UniqueId> uids, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return;
        }

        if (target is null)
        {
            await folder.AddFlagsAsync(uids, MessageFlags.Seen, true, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_client.Capabilities.HasFlag(ImapCapabilities.Move))
        {
            await folder.MoveToAsync(uids, target, cancellationToken).ConfigureAwait(false);
            return;
        }

        // No MOVE: copy, flag \Deleted (the search skips it from now on), and expunge just these UIDs when the server
        // can (UIDPLUS); a plain EXPUNGE could remove mail other clients flagged, so without UIDPLUS they stay flagged.
        await folder.CopyToAsync(uids, target, cancellationToken).ConfigureAwait(false);
        await folder.AddFlagsAsync(uids, MessageFlags.Deleted | MessageFlags.Seen, true, cancellationToken).ConfigureAwait(false);
        if (_client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
        {
            await folder.ExpungeAsync(uids, cancellationToken).ConfigureAwait(false);
        }
    }
}
