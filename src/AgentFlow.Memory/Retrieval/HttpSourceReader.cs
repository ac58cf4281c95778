using System.Runtime.CompilerServices;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Reads <c>http</c> sources: one GET of the declared URL (nothing else is fetched, links are not followed), within
/// <see cref="RetrievalOptions.HttpTimeout"/> and <see cref="RetrievalOptions.MaxResponseBytes"/>. An HTML page becomes
/// its text titled by its <c>&lt;title&gt;</c>; any other <c>text/*</c> (or JSON/XML) body is indexed as it is. The
/// single document's id and source are the URL.
/// </summary>
public sealed class HttpSourceReader : ISourceReader
{
    private readonly HttpFetcher _fetcher;

    /// <summary>Creates the reader; pages are fetched with <paramref name="client"/> within the limits of <paramref name="options"/>.</summary>
    public HttpSourceReader(HttpClient client, RetrievalOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _fetcher = new HttpFetcher(client, options);
    }

    /// <inheritdoc />
    public string Kind => "http";

    /// <inheritdoc />
    public IEnumerable<string> Check(ResolvedSource source) => [];

    /// <inheritdoc />
    public ValueTask<string?> FingerprintAsync(ResolvedSource source, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceDocument> ReadAsync(ResolvedSource source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var response = await _fetcher.GetAsync(source, cancellationToken).ConfigureAwait(false);
        var body = response.Encoding.GetString(response.Body);
        var type = response.MediaType ?? (body.TrimStart().StartsWith('<') ? "text/html" : "text/plain");
        if (type is "text/html" or "application/xhtml+xml")
        {
            var (title, text) = HtmlText.Extract(body);
            yield return new SourceDocument(source.Location, title.Length > 0 ? title : source.Location, source.Location, text);
        }
        else if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("json", StringComparison.Ordinal) || type.EndsWith("xml", StringComparison.Ordinal))
        {
            yield return new SourceDocument(source.Location, source.Location, source.Location, body);
        }
        else
        {
            throw new SourceReadException(source.Definition.Name, source.Field, $"GET {source.Location} returned {type}; an http source must be HTML or text");
        }
    }
}
