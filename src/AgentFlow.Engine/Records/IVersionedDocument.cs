namespace AgentFlow.Engine.Records;

/// <summary>
/// One small document shared by every process that uses it, changed by optimistic concurrency: read it with its
/// version, then write it back only if that version is still current. A writer that loses the race re-reads and tries
/// again, so no change is lost, whichever process or machine made it.
/// </summary>
public interface IVersionedDocument
{
    /// <summary>Where the document lives, for messages (a file path or a blob URI).</summary>
    string Location { get; }

    /// <summary>The document and its version, or null when it does not exist yet.</summary>
    Task<VersionedContent?> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the document with <paramref name="content"/> if its version is still <paramref name="expectedVersion"/>
    /// (null: only if it does not exist yet); false when another writer changed it first (nothing is written then).
    /// </summary>
    Task<bool> TryWriteAsync(ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default);
}
