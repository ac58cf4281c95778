using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Approvals;

/// <content>Before an append: the key to sign with, and a check that the log still reaches its recorded head.</content>
public sealed partial class AuditLog
{
    /// <summary>The text a record's MAC is taken over: its canonical JSON without <c>hash</c> and <c>mac</c>.</summary>
    private static string MacText(JsonObject line)
    {
        var content = line.DeepClone().AsObject();
        content.Remove("hash");
        content.Remove("mac");
        return CanonicalJson.Write(content);
    }

    /// <summary>The key, created on first use; never a new key for a log already written with one.</summary>
    private static async Task<AuditKey> KeyForAppendAsync(string keyFile, AuditRecord? last, bool hasHead, CancellationToken cancellationToken)
    {
        var key = await AuditKey.LoadAsync(keyFile, cancellationToken).ConfigureAwait(false);
        if (key is null && (last?.Mac is not null || hasHead))
        {
            throw new AuditLogException($"the audit key file '{keyFile}' does not exist, but this log was written with a key{(last?.KeyId is { } id ? $" (key id {id})" : string.Empty)}: restore the key file or point AGENTFLOW__AUDIT__KEYFILE (audit.keyFile in agentflow.json) at it; nothing is audited until then");
        }

        key ??= await AuditKey.LoadOrCreateAsync(keyFile, cancellationToken).ConfigureAwait(false);
        return last?.KeyId is { } written && written != key.Id
            ? throw new AuditLogException($"the audit key in '{keyFile}' (key id {key.Id}) is not the key this log was written with (key id {written}): point AGENTFLOW__AUDIT__KEYFILE (audit.keyFile in agentflow.json) at that key; nothing is audited until then")
            : key;
    }

    /// <summary>Refuses to continue a log that lost records at its end or was rewritten: a new record would hide it.</summary>
    private void CheckContinuation(AuditRecord? last, (AuditHead Head, string Mac)? recorded, AuditKey key)
    {
        if (recorded is not { } found)
        {
            return;
        }

        const string Stop = "nothing is audited until this is investigated (agentflow audit verify)";
        var head = found.Head;
        if (!key.Verify(AuditHeadStore.MacText(head), found.Mac))
        {
            throw new AuditLogException($"the audit head in {_storage.HeadLocation} does not carry a valid MAC (it was edited, or written with another key); {Stop}");
        }

        if (last is null)
        {
            throw new AuditLogException($"{_storage.Location} is missing or empty, but its head records {head.Sequence} records: the log was deleted or emptied; {Stop}");
        }

        if (last.Sequence < head.Sequence)
        {
            throw new AuditLogException($"{_storage.Location} ends at sequence {last.Sequence}, but its head records sequence {head.Sequence}: records were deleted from its end; {Stop}");
        }

        if (last.Sequence == head.Sequence && last.Hash != head.Hash)
        {
            throw new AuditLogException($"the last record of {_storage.Location} is not the one its head records (sequence {head.Sequence}): the log was rewritten; {Stop}");
        }
    }
}
