namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The end of an audit log as read for one append (<see cref="IAuditStorage.ReadTailAsync"/>); dispose it when done
/// (a file storage holds its lock until then).
/// </summary>
public abstract class AuditTail : IAsyncDisposable
{
    /// <summary>The last record line, or null when there is none.</summary>
    public abstract string? LastLine { get; }

    /// <summary>The recorded head and its MAC, or null when none is recorded.</summary>
    public abstract (AuditHead Head, string Mac)? Head { get; }

    /// <summary>
    /// Appends <paramref name="line"/> (one record's JSON, no line break) after <see cref="LastLine"/> and records
    /// <paramref name="head"/> with <paramref name="headMac"/>, both or neither; not cancellable once started.
    /// </summary>
    /// <returns>False when another writer appended since this tail was read: nothing was written, read it again.</returns>
    /// <exception cref="AuditLogException">The line is longer than the storage can keep in one record.</exception>
    public abstract Task<bool> TryAppendAsync(string line, AuditHead head, string headMac, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the tail holds.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
