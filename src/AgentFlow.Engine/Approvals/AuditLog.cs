using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The append-only, hash-chained and keyed approvals audit log: one JSON record per line, never rewritten, and its head
/// (sequence and hash of the last record) recorded beside it. Where lines and head are kept is an
/// <see cref="IAuditStorage"/>: <c>DATA/audit.jsonl</c> and <c>DATA/audit-head.db</c> by default
/// (<see cref="FileAuditStorage"/>), or one Azure table shared by every worker (<see cref="AzureTableAuditStorage"/>).
/// </summary>
/// <remarks>
/// Each record's <see cref="AuditRecord.Hash"/> is <see cref="HashOf"/> of its own JSON line with the <c>hash</c> property
/// removed, i.e. SHA-256 (lowercase hex) over the canonical form: every other property as written in the line (absent
/// when null), object keys sorted ordinally at every level, no whitespace, strings escaped only where JSON requires,
/// numbers as written, UTF-8. Anyone can recompute it from the lines alone. <see cref="AuditRecord.PreviousHash"/> links
/// each record to the one before, so editing, deleting, reordering or inserting a record breaks the chain.
/// <see cref="AuditRecord.Mac"/> is HMAC-SHA256 with a key kept outside the data directory (<see cref="AuditLogOptions"/>)
/// over the canonical line without <c>hash</c> and <c>mac</c>; it covers <c>previousHash</c>, so the last record's MAC
/// vouches for the whole chain and recomputing the hashes after a change needs the key. The head, with a MAC of its
/// own, moves with each line, so records deleted at the end (or all of them) are missed.
/// Records written before keys (no <c>mac</c>) are accepted only before the first keyed record, which seals them.
/// Appends from several processes (or machines, with a shared storage and the same key) never fork the chain: the
/// storage either appends right after the tail it read, or reports that another writer was first, and the append is
/// tried again on the new tail.
/// </remarks>
public sealed partial class AuditLog
{
    /// <summary>The <see cref="AuditRecord.PreviousHash"/> of the first record.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Appends tried before giving up when other writers keep appending first.</summary>
    private const int MaxAttempts = 100;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _directory;
    private readonly IAuditStorage _storage;
    private readonly AuditLogOptions _options;

    /// <summary>Creates a log over <paramref name="dataDirectory"/>/audit.jsonl (created on the first append).</summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="options">Where the key is; the default key file when null.</param>
    public AuditLog(string dataDirectory, AuditLogOptions? options = null)
        : this(new FileAuditStorage(dataDirectory), dataDirectory, options)
    {
    }

    /// <summary>Creates a log kept in <paramref name="storage"/>.</summary>
    /// <param name="storage">Where the lines and the head are kept.</param>
    /// <param name="dataDirectory">The data directory, which the key file must not be inside.</param>
    /// <param name="options">Where the key is; the default key file when null.</param>
    public AuditLog(IAuditStorage storage, string dataDirectory, AuditLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _storage = storage;
        _directory = dataDirectory;
        _options = options ?? new AuditLogOptions();
    }

    /// <summary>Where the lines and the head are kept.</summary>
    public IAuditStorage Storage => _storage;

    /// <summary>SHA-256 hex of the canonical JSON of <paramref name="value"/>; equal for equal values whatever their key order.</summary>
    public static string HashOf(JsonNode? value) => CanonicalJson.Sha256Hex(value);

    /// <summary>Appends a record after the last one, durably, and moves the head to it.</summary>
    /// <exception cref="ArgumentException">The kind is unknown, the run or node is empty, or the shown hash contradicts the shown values.</exception>
    /// <exception cref="AuditLogException">
    /// The last line is damaged, the log does not reach its recorded head, or the key is missing or not this log's, so the
    /// chain cannot be continued.
    /// </exception>
    /// <exception cref="TimeoutException">Another process held the log file for 10 s, or other writers appended first 100 times in a row.</exception>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(entry);
        var keyFile = AuditKey.Locate(_options, _directory);
        for (var attempt = 1; ; attempt++)
        {
            await using (var tail = await _storage.ReadTailAsync(cancellationToken).ConfigureAwait(false))
            {
                var last = tail.LastLine is { } text
                    ? Parse(text, out _) ?? throw new AuditLogException($"the last line of {_storage.Location} is not a valid audit record; appending stops until it is repaired")
                    : null;
                var key = await KeyForAppendAsync(keyFile, last, tail.Head is not null, cancellationToken).ConfigureAwait(false);
                CheckContinuation(last, tail.Head, key);

                var linked = draft with { Sequence = (last?.Sequence ?? 0) + 1, PreviousHash = last?.Hash ?? GenesisHash, KeyId = key.Id };
                var signed = linked with { Mac = key.Mac(MacText(JsonSerializer.SerializeToNode(linked, JsonOptions)!.AsObject())) };
                var record = signed with { Hash = ContentHash(JsonSerializer.SerializeToNode(signed, JsonOptions)!.AsObject()) };
                var moved = new AuditHead(record.Sequence, record.Hash);
                if (await tail.TryAppendAsync(JsonSerializer.Serialize(record, JsonOptions), moved, key.Mac(AuditHeadStore.MacText(moved)), CancellationToken.None).ConfigureAwait(false))
                {
                    return record;
                }
            }

            if (attempt == MaxAttempts)
            {
                throw new TimeoutException($"other writers appended to the audit log in {_storage.Location} first {MaxAttempts} times in a row; nothing was audited, try again");
            }

            // Another writer took this sequence: back off a random while so the contenders spread out, then re-read.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(5 * attempt, 100))), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>All records in order, or only those of <paramref name="runId"/>.</summary>
    /// <exception cref="AuditLogException">A line is not a readable record.</exception>
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(string? runId, CancellationToken cancellationToken = default)
    {
        var read = await _storage.ReadLinesAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<AuditRecord>();
        for (var i = 0; i < read.Lines.Count; i++)
        {
            var record = Parse(read.Lines[i], out _)
                ?? throw new AuditLogException($"line {i + 1} of {_storage.Location} is not a valid audit record; run audit verification");
            if (runId is null || record.RunId == runId)
            {
                records.Add(record);
            }
        }

        return records;
    }

    private static AuditRecord Draft(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!AuditKinds.IsKnown(entry.Kind))
        {
            throw new ArgumentException($"audit kind '{entry.Kind}' is unknown; use decision, refusal, timeout, escalation, effect, operator, run, link or trigger", nameof(entry));
        }

        if (entry.Kind is AuditKinds.Operator or AuditKinds.Link or AuditKinds.Trigger)
        {
            ArgumentException.ThrowIfNullOrEmpty(entry.Subject);
        }
        else
        {
            ArgumentException.ThrowIfNullOrEmpty(entry.RunId);
            if (entry.Kind != AuditKinds.Run)
            {
                ArgumentException.ThrowIfNullOrEmpty(entry.Node);
            }
        }

        var shownHash = entry.Shown is null ? entry.ShownHash : HashOf(entry.Shown);
        if (entry.ShownHash is not null && entry.ShownHash != shownHash)
        {
            throw new ArgumentException("the entry's ShownHash is not the hash of its Shown values", nameof(entry));
        }

        var time = entry.Time ?? DateTime.UtcNow;
        return new AuditRecord
        {
            Sequence = 0,
            Time = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc),
            Kind = entry.Kind,
            RunId = string.IsNullOrEmpty(entry.RunId) ? null : entry.RunId,
            Node = string.IsNullOrEmpty(entry.Node) ? null : entry.Node,
            Subject = entry.Subject,
            Operator = entry.Operator,
            Decision = entry.Decision,
            Comment = entry.Comment,
            Reason = entry.Reason,
            ShownHash = shownHash,
            Shown = entry.Shown?.DeepClone().AsObject(),
            Edits = entry.Edits?.DeepClone().AsObject(),
            PreviousHash = GenesisHash,
            Hash = string.Empty,
        };
    }
}
