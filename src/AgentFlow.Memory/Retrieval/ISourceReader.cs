namespace AgentFlow.Memory.Retrieval;

/// <summary>Reads the documents of one kind of retrieval source (<c>files</c>, <c>rss</c>, <c>http</c>).</summary>
public interface ISourceReader
{
    /// <summary>The source kind this reader handles, as written in workflows.</summary>
    string Kind { get; }

    /// <summary>
    /// Problems that would stop <paramref name="source"/> from being read, found without reading it (a glob that matches
    /// nothing, a missing feed file); each names the field at fault. Remote sources are not contacted.
    /// </summary>
    IEnumerable<string> Check(ResolvedSource source);

    /// <summary>
    /// A cheap summary of the source's current state (file names, sizes and write times) that changes whenever its
    /// documents may have changed; null when only reading it can tell (remote sources).
    /// </summary>
    ValueTask<string?> FingerprintAsync(ResolvedSource source, CancellationToken cancellationToken = default);

    /// <summary>Every document of <paramref name="source"/>, in a stable order, ids unique.</summary>
    /// <exception cref="SourceReadException">The source cannot be read.</exception>
    IAsyncEnumerable<SourceDocument> ReadAsync(ResolvedSource source, CancellationToken cancellationToken = default);
}
