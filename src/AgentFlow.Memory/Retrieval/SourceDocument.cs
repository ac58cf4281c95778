using System.Security.Cryptography;
using System.Text;

namespace AgentFlow.Memory.Retrieval;

/// <summary>One document read from a retrieval source: a file, a feed item or a fetched page.</summary>
public sealed class SourceDocument
{
    /// <summary>Creates the document and computes its <see cref="ContentHash"/>.</summary>
    public SourceDocument(string id, string title, string source, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(text);
        Id = id;
        Title = title;
        Source = source;
        Text = text;

        // NUL separators: moving text from one field to another changes the hash.
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(title, "\0", source, "\0", text))));
    }

    /// <summary>
    /// Stable identity inside its source (a file's path below the glob's folder, a feed item's guid or link, a page's
    /// URL); re-indexing matches documents by this id.
    /// </summary>
    public string Id { get; }

    /// <summary>Human-readable title: a Markdown file's first <c># </c> heading, an HTML <c>&lt;title&gt;</c>, a feed item's title, else the file name.</summary>
    public string Title { get; }

    /// <summary>Where it came from, for citations: a full file path, or the item's link / the page's URL.</summary>
    public string Source { get; }

    /// <summary>The plain text that is chunked and indexed (HTML already reduced to text).</summary>
    public string Text { get; }

    /// <summary>SHA-256 (lower-case hex) of title, source and text: a document whose hash is unchanged is not re-indexed.</summary>
    public string ContentHash { get; }
}
