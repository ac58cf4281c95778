using System.Runtime.CompilerServices;
using System.ServiceModel.Syndication;
using System.Xml;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Reads <c>rss</c> sources: an RSS 2.0 or Atom 1.0 feed, from a file or an http(s) URL. Each item is a document:
/// its title, its link as source, and as text its full content (<c>content:encoded</c> or Atom content) when present,
/// else its description/summary, with HTML reduced to text. The id is the item's guid/id, else its link.
/// </summary>
public sealed class RssSourceReader : ISourceReader
{
    private const string ContentModule = "http://purl.org/rss/1.0/modules/content/";

    private readonly HttpFetcher _fetcher;

    /// <summary>Creates the reader; URLs are fetched with <paramref name="client"/> within the limits of <paramref name="options"/>.</summary>
    public RssSourceReader(HttpClient client, RetrievalOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _fetcher = new HttpFetcher(client, options);
    }

    /// <inheritdoc />
    public string Kind => "rss";

    /// <inheritdoc />
    public IEnumerable<string> Check(ResolvedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.IsUrl && !File.Exists(source.Location))
        {
            yield return $"source '{source.Definition.Name}': {source.Field} '{source.Definition.Path}': the feed file {source.Location} does not exist";
        }
    }

    /// <inheritdoc />
    public ValueTask<string?> FingerprintAsync(ResolvedSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsUrl)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var info = new FileInfo(source.Location);
        return ValueTask.FromResult<string?>(info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "missing");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceDocument> ReadAsync(ResolvedSource source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] bytes;
        if (source.IsUrl)
        {
            bytes = (await _fetcher.GetAsync(source, cancellationToken).ConfigureAwait(false)).Body;
        }
        else
        {
            source.EnsureConfined(source.Location);
            try
            {
                bytes = await File.ReadAllBytesAsync(source.Location, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SourceReadException(source.Definition.Name, source.Field, $"cannot read the feed {source.Location}: {e.Message}", e);
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Parse(source, bytes).Items)
        {
            var link = Link(item);
            var id = Unique(ids, NonEmpty(item.Id) ?? link ?? NonEmpty(item.Title?.Text) ?? "item");
            var title = PlainText(item.Title);
            yield return new SourceDocument(id, title.Length > 0 ? title : link ?? id, link ?? $"{source.Location}#{id}", Text(item));
        }
    }

    private static SyndicationFeed Parse(ResolvedSource source, byte[] bytes)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            SyndicationFeedFormatter[] formatters = [new Rss20FeedFormatter(), new Atom10FeedFormatter()];
            foreach (var formatter in formatters)
            {
                if (formatter.CanRead(reader))
                {
                    // Dates are not indexed; a malformed pubDate must not make the whole feed unreadable.
                    formatter.DateTimeParser = static (XmlDateTimeData _, out DateTimeOffset value) =>
                    {
                        value = default;
                        return true;
                    };
                    formatter.ReadFrom(reader);
                    return formatter.Feed;
                }
            }
        }
        catch (XmlException e)
        {
            throw new SourceReadException(source.Definition.Name, source.Field, $"{source.Location} is not well-formed XML: {e.Message}", e);
        }

        throw new SourceReadException(source.Definition.Name, source.Field, $"{source.Location} is neither an RSS 2.0 nor an Atom 1.0 feed");
    }

    private static string? Link(SyndicationItem item)
    {
        var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate") ?? item.Links.FirstOrDefault();
        return link?.GetAbsoluteUri()?.AbsoluteUri ?? link?.Uri?.OriginalString;
    }

    private static string Text(SyndicationItem item)
    {
        var encoded = item.ElementExtensions.ReadElementExtensions<string>("encoded", ContentModule).FirstOrDefault();
        var html = NonEmpty(encoded) ?? NonEmpty((item.Content as TextSyndicationContent)?.Text) ?? item.Summary?.Text ?? string.Empty;
        return HtmlText.FragmentText(html);
    }

    private static string PlainText(TextSyndicationContent? content) =>
        content is null ? string.Empty : content.Type is "html" or "xhtml" ? HtmlText.FragmentText(content.Text) : Collapse(content.Text);

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Unique(HashSet<string> ids, string id)
    {
        var candidate = id;
        for (var n = 2; !ids.Add(candidate); n++)
        {
            candidate = $"{id}#{n}";
        }

        return candidate;
    }
}
