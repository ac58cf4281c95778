using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The append-only, hash-chained and keyed approvals audit log <c>DATA/audit.jsonl</c>: one JSON record per line, never
/// rewritten; its head (sequence and hash of the last record) is also kept in <c>DATA/audit-head.db</c>.
/// </summary>
/// <remarks>
/// Each record's <see cref="AuditRecord.Hash"/> is <see cref="HashOf"/> of its own JSON line with the <c>hash</c> property
/// removed, i.e. SHA-256 (lowercase hex) over the canonical form: every other property as written in the line (absent
/// when null), object keys sorted ordinally at every level, no whitespace, strings escaped only where JSON requires,
/// numbers as written, UTF-8. Anyone can recompute it from the file alone. <see cref="AuditRecord.PreviousHash"/> links
/// each record to the one before, so editing, deleting, reordering or inserting a record breaks the chain.
/// <see cref="AuditRecord.Mac"/> is HMAC-SHA256 with a key kept outside the data directory (<see cref="AuditLogOptions"/>)
/// over the canonical line without <c>hash</c> and <c>mac</c>; it covers <c>previousHash</c>, so the last record's MAC
/// vouches for the whole chain and recomputing the hashes after a change needs the key. The head, with a MAC of its
/// own, is updated after each line under the same lock, so records deleted at the end (or the whole file) are missed.
/// Records written before keys (no <c>mac</c>) are accepted only before the first keyed record, which seals them.
/// Appends from several processes are serialized by a lock file (<c>audit.jsonl.lock</c>).
/// </remarks>
public sealed partial class AuditLog
{
    /// <summary>The <see cref="AuditRecord.PreviousHash"/> of the first record.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _directory;
    private readonly string _path;
    private readonly string _lockPath;
    private readonly AuditLogOptions _options;
    private readonly AuditHeadStore _heads;

    /// <summary>Creates a log over <paramref name="dataDirectory"/>/audit.jsonl (created on the first append).</summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="options">Where the key is; the default key file when null.</param>
    public AuditLog(string dataDirectory, AuditLogOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _directory = dataDirectory;
        _path = Path.Combine(dataDirectory, "audit.jsonl");
        _lockPath = _path + ".lock";
        _options = options ?? new AuditLogOptions();
        _heads = new AuditHeadStore(Path.Combine(dataDirectory, "audit-head.db"));
    }

    /// <summary>SHA-256 hex of the canonical JSON of <paramref name="value"/>; equal for equal values whatever their key order.</summary>
    public static string HashOf(JsonNode? value) => CanonicalJson.Sha256Hex(value);

    /// <summary>Appends a record after the last one, flushes it to disk and moves the head to it.</summary>
    /// <exception cref="ArgumentException">The kind is unknown, the run or node is empty, or the shown hash contradicts the shown values.</exception>
    /// <exception cref="AuditLogException">
    /// The last line is damaged, the log does not reach its recorded head, or the key is missing or not this log's, so the
    /// chain cannot be continued.
    /// </exception>
    /// <exception cref="TimeoutException">Another process held the log for 10 s.</exception>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(entry);
        var keyFile = AuditKey.Locate(_options, _directory);
        Directory.CreateDirectory(_directory);
        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        await using var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var last = await ReadLastRecordAsync(stream, cancellationToken).ConfigureAwait(false);
        var head = await _heads.ReadAsync(cancellationToken).ConfigureAwait(false);
        var key = await KeyForAppendAsync(keyFile, last, head is not null, cancellationToken).ConfigureAwait(false);
        CheckContinuation(last, head, key);

        draft = draft with { Sequence = (last?.Sequence ?? 0) + 1, PreviousHash = last?.Hash ?? GenesisHash, KeyId = key.Id };
        var signed = draft with { Mac = key.Mac(MacText(JsonSerializer.SerializeToNode(draft, JsonOptions)!.AsObject())) };
        var record = signed with { Hash = ContentHash(JsonSerializer.SerializeToNode(signed, JsonOptions)!.AsObject()) };

        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions), (byte)'\n'];
        stream.Seek(0, SeekOrigin.End);

        // Not cancellable once started: a half-written line would stop every later append, and a line without its
        // head update only shows as "records after the head" until the next append.
        await stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
        var moved = new AuditHead(record.Sequence, record.Hash);
        await _heads.WriteAsync(moved, key.Mac(AuditHeadStore.MacText(moved)), CancellationToken.None).ConfigureAwait(false);
        return record;
    }

    /// <summary>All records in order, or only those of <paramref name="runId"/>.</summary>
    /// <exception cref="AuditLogException">A line is not a readable record.</exception>
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(string? runId, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        var records = new List<AuditRecord>();
        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(_path, Encoding.UTF8);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            var record = Parse(line, out _)
                ?? throw new AuditLogException($"line {number} of '{_path}' is not a valid audit record; run audit verification");
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

    private async Task<AuditRecord?> ReadLastRecordAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var end = stream.Length;
        if (end == 0)
        {
            return null;
        }

        var buffer = new byte[4096];
        stream.Position = end - 1;
        if (stream.ReadByte() != '\n')
        {
            throw new AuditLogException($"the last line of '{_path}' is incomplete (a write was cut off); appending stops until it is repaired");
        }

        // Scan back from before the final line break for the previous one.
        var limit = end - 1;
        var start = 0L;
        while (limit > 0)
        {
            var count = (int)Math.Min(buffer.Length, limit);
            limit -= count;
            stream.Position = limit;
            await stream.ReadExactlyAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            var index = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (index >= 0)
            {
                start = limit + index + 1;
                break;
            }
        }

        var last = new byte[end - 1 - start];
        stream.Position = start;
        await stream.ReadExactlyAsync(last, cancellationToken).ConfigureAwait(false);
        return Parse(Encoding.UTF8.GetString(last), out _)
            ?? throw new AuditLogException($"the last line of '{_path}' is not a valid audit record; appending stops until it is repaired");
    }
}
