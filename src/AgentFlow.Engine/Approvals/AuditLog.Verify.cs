using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Approvals;

/// <content>Verification of every line: readable, hash, MAC, sequence, chain link and shown hash.</content>
public sealed partial class AuditLog
{
    /// <summary>
    /// Checks every line (readable, hash matching its content, MAC matching with the key, sequence 1, 2, 3... with no
    /// gap, previous hash linking to the line before) and that the log reaches the head recorded outside it. Stops at
    /// the first problem and says what it means (edited, deleted first / middle / last records, reordered, emptied,
    /// deleted, rewritten without the key). Never creates the key.
    /// </summary>
    /// <exception cref="AuditLogException">There is no key file setting and no configuration folder, or the key file is inside the data directory or not a key.</exception>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var keyFile = AuditKey.Locate(_options, _directory);
        var key = await AuditKey.LoadAsync(keyFile, cancellationToken).ConfigureAwait(false);
        var read = await _storage.ReadLinesAsync(cancellationToken).ConfigureAwait(false);
        var head = read.Head;
        if (read.Lines.Count == 0)
        {
            var (state, meaning) = read.Absence ?? ("has no records", "its records were deleted");
            return Missing(head, key, $"the audit log {_storage.Location} {state}, but its head in {_storage.HeadLocation} records {head?.Head.Sequence} records: {meaning}");
        }

        var complete = read.Complete;
        var lines = read.Lines.Select(l => Parse(l, out var json) is { } r ? (r, json!) : ((AuditRecord Record, JsonObject Json)?)null).ToList();
        var scan = new ChainScan(key, keyFile, HeadIsGenuine(head, key) == true, lines);
        if (scan.Run() is { } problem)
        {
            return problem;
        }

        if (!complete)
        {
            var cut = lines[^1]!.Value.Record.Sequence;
            var cutOff = scan.Fail(AuditVerificationStatus.Tampered, lines.Count, cut, $"line {lines.Count} (sequence {cut}): the line has no line break at its end (the write was cut off)");
            return cutOff with { Records = scan.Verified - 1 };
        }

        return CheckHead(scan, head, key, keyFile);
    }

    private AuditVerification Missing((AuditHead Head, string Mac)? head, AuditKey? key, string problem) => head switch
    {
        null => new AuditVerification { Status = AuditVerificationStatus.Intact, KeyId = key?.Id },
        _ when HeadIsGenuine(head, key) == false => HeadForged(head.Value.Head, key),
        _ => new AuditVerification { Status = AuditVerificationStatus.Tampered, Head = head.Value.Head, KeyId = key?.Id, Problem = problem },
    };

    /// <summary>True when the head's MAC checks out, false when it does not, null when there is no head or no key.</summary>
    private static bool? HeadIsGenuine((AuditHead Head, string Mac)? head, AuditKey? key) =>
        head is { } h && key is not null ? key.Verify(AuditHeadStore.MacText(h.Head), h.Mac) : null;

    private AuditVerification HeadForged(AuditHead head, AuditKey? key) => new()
    {
        Status = AuditVerificationStatus.Tampered,
        Head = head,
        KeyId = key?.Id,
        Problem = $"the head in {_storage.HeadLocation} (sequence {head.Sequence}) does not carry a valid MAC: it was edited by someone without the audit key (or written with another key)",
    };

    /// <summary>After an intact chain: does the log reach the head recorded outside it?</summary>
    private AuditVerification CheckHead(ChainScan scan, (AuditHead Head, string Mac)? recorded, AuditKey? key, string keyFile)
    {
        var last = scan.Lines[^1]!.Value.Record;
        var intact = new AuditVerification { Status = AuditVerificationStatus.Intact, Records = scan.Verified, UnkeyedRecords = scan.Unkeyed, KeyId = key?.Id, Head = recorded?.Head };
        AuditVerification Fail(AuditVerificationStatus status, string problem, int? line = null, long? sequence = null) =>
            intact with { Status = status, Problem = problem, FirstBadLine = line, FirstBadSequence = sequence };
        if (recorded is not { Head: var head })
        {
            if (scan.Keyed == 0)
            {
                return Fail(AuditVerificationStatus.Unverifiable, $"none of the {scan.Verified} records carries a MAC and no head is recorded in {_storage.HeadLocation}: either the log predates keyed audit logs and nothing was audited since (the next audited event seals it with the key), or it was rewritten and its head deleted; its unkeyed hash chain is intact");
            }

            return scan.Keyed == 1 && last.Mac is not null
                ? intact with { Note = $"the only keyed record (sequence {last.Sequence}) has no head yet: the append that wrote it stopped before recording the head; the next append records it" }
                : Fail(AuditVerificationStatus.Tampered, $"the log has {scan.Keyed} records with a MAC, but no head is recorded in {_storage.HeadLocation}: the head was deleted or reset, so deleted records at the end cannot be ruled out");
        }

        if (key is null)
        {
            return Fail(AuditVerificationStatus.Unverifiable, $"the head in {_storage.HeadLocation} carries a MAC, but the audit key file '{keyFile}' does not exist, so it cannot be checked: restore the key file or point {KeySetting} at it");
        }

        if (HeadIsGenuine(recorded, key) != true)
        {
            return HeadForged(head, key) with { Records = scan.Verified, UnkeyedRecords = scan.Unkeyed };
        }

        if (last.Sequence < head.Sequence)
        {
            var gap = head.Sequence - last.Sequence;
            var which = gap == 1 ? $"the last record (sequence {head.Sequence}) was" : $"the last {gap} records (sequences {last.Sequence + 1} to {head.Sequence}) were";
            return Fail(AuditVerificationStatus.Tampered, $"the log ends at sequence {last.Sequence}, but its head in {_storage.HeadLocation} records sequence {head.Sequence}: {which} deleted");
        }

        var atHead = scan.Lines[(int)head.Sequence - 1]!.Value.Record;
        if (atHead.Hash != head.Hash)
        {
            return Fail(AuditVerificationStatus.Tampered, $"line {head.Sequence} (sequence {head.Sequence}): not the record the head in {_storage.HeadLocation} names (hash {atHead.Hash[..12]}… instead of {head.Hash[..Math.Min(12, head.Hash.Length)]}…): the log was rewritten", (int)head.Sequence, head.Sequence);
        }

        var after = last.Sequence - head.Sequence;
        return after == 0
            ? intact
            : intact with { Note = $"{after} record(s) after the head (sequence {head.Sequence}): an append stopped before it moved the head; the next append moves it" };
    }

    /// <summary>The hash of a record's JSON line: <see cref="HashOf"/> of the line without its <c>hash</c> property.</summary>
    private static string ContentHash(JsonObject line)
    {
        var content = line.DeepClone().AsObject();
        content.Remove("hash");
        return HashOf(content);
    }

    private static AuditRecord? Parse(string line, out JsonObject? json)
    {
        json = null;
        try
        {
            json = JsonNode.Parse(line) as JsonObject;
            return json?.Deserialize<AuditRecord>(JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
