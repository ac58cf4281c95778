using System.Text;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The audit log of one machine: <c>DATA/audit.jsonl</c>, one JSON record per line, never rewritten, and its head in
/// <c>DATA/audit-head.db</c>. Appends from several processes are serialized by a lock file (<c>audit.jsonl.lock</c>),
/// held from reading the tail until the line and the head are written, so an append never conflicts.
/// </summary>
public sealed class FileAuditStorage : IAuditStorage
{
    private readonly string _directory;
    private readonly string _path;
    private readonly string _lockPath;
    private readonly AuditHeadStore _heads;

    /// <summary>Creates the storage over <paramref name="dataDirectory"/>/audit.jsonl (created on the first append).</summary>
    /// <param name="dataDirectory">The data directory.</param>
    public FileAuditStorage(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _directory = dataDirectory;
        _path = Path.Combine(dataDirectory, "audit.jsonl");
        _lockPath = _path + ".lock";
        _heads = new AuditHeadStore(Path.Combine(dataDirectory, "audit-head.db"));
    }

    /// <inheritdoc />
    public string Location => $"'{_path}'";

    /// <inheritdoc />
    public string HeadLocation => $"'{_heads.Path}'";

    /// <inheritdoc />
    /// <exception cref="TimeoutException">Another process held the log for 10 s.</exception>
    public async Task<AuditTail> ReadTailAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_directory);
        var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        FileStream? stream = null;
        try
        {
            stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            var last = await ReadLastLineAsync(stream, cancellationToken).ConfigureAwait(false);
            var head = await _heads.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new Tail(this, held, stream, last, head);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="TimeoutException">Another process held the log for 10 s.</exception>
    public async Task<AuditLines> ReadLinesAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_path))
        {
            var orphan = await _heads.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new AuditLines { Lines = [], Head = orphan, Absence = ("does not exist", "the log file was deleted") };
        }

        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        var head = await _heads.ReadAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return new AuditLines { Lines = [], Head = head, Absence = ("is empty (0 bytes)", "the log was truncated to zero bytes") };
        }

        var text = Encoding.UTF8.GetString(bytes);
        var complete = text.EndsWith('\n');
        return new AuditLines { Lines = (complete ? text[..^1] : text).Split('\n'), Complete = complete, Head = head };
    }

    private async Task<string?> ReadLastLineAsync(FileStream stream, CancellationToken cancellationToken)
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
        return Encoding.UTF8.GetString(last);
    }

    /// <summary>The tail read under the lock, which it holds until disposed.</summary>
    private sealed class Tail(FileAuditStorage storage, FileStream held, FileStream stream, string? last, (AuditHead Head, string Mac)? head) : AuditTail
    {
        public override string? LastLine => last;

        public override (AuditHead Head, string Mac)? Head => head;

        public override async Task<bool> TryAppendAsync(string line, AuditHead head, string headMac, CancellationToken cancellationToken = default)
        {
            byte[] bytes = [.. Encoding.UTF8.GetBytes(line), (byte)'\n'];
            stream.Seek(0, SeekOrigin.End);

            // Not cancellable once started: a half-written line would stop every later append, and a line without its
            // head update only shows as "records after the head" until the next append.
            await stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            await storage._heads.WriteAsync(head, headMac, CancellationToken.None).ConfigureAwait(false);
            return true;
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            await held.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsyncCore().ConfigureAwait(false);
        }
    }
}
