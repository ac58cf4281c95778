using System.Security.Cryptography;
using System.Text;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// A declared source with its location made absolute: a full file path or glob, or an http(s) URL. Its
/// <see cref="Key"/> names its namespace in the index and depends only on the kind and the location, so two
/// workflows that point at the same files (from different folders, with different source names) share one index.
/// </summary>
public sealed class ResolvedSource
{
    private ResolvedSource(SourceDefinition definition, string location, bool isUrl, string field)
    {
        Definition = definition;
        Location = location;
        IsUrl = isUrl;
        Field = field;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{definition.Kind}\n{location}"));
        Key = $"{definition.Kind}-{Convert.ToHexStringLower(digest.AsSpan(0, 8))}";
    }

    /// <summary>The declaration.</summary>
    public SourceDefinition Definition { get; }

    /// <summary><c>files</c>, <c>rss</c> or <c>http</c>.</summary>
    public string Kind => Definition.Kind;

    /// <summary>The full path (or glob) of a local source, or the absolute URL of a remote one.</summary>
    public string Location { get; }

    /// <summary>True when <see cref="Location"/> is an http(s) URL.</summary>
    public bool IsUrl { get; }

    /// <summary>The JSON path of the field the location came from, e.g. <c>$.sources.news.path</c>, for messages.</summary>
    public string Field { get; }

    /// <summary>The namespace key in the index: kind plus a hash of the location.</summary>
    public string Key { get; }

    /// <summary>
    /// Resolves <paramref name="source"/>: a <c>path</c> relative to <paramref name="baseDirectory"/> (the workflow's
    /// folder), or a <c>url</c>. An <c>rss</c> source with both uses the path.
    /// </summary>
    /// <exception cref="SourceReadException">The kind is unknown, or the path/URL it needs is missing or malformed.</exception>
    public static ResolvedSource Resolve(SourceDefinition source, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var pathField = JsonPaths.Property(source.JsonPath, "path");
        var urlField = JsonPaths.Property(source.JsonPath, "url");
        return source.Kind switch
        {
            "files" when !string.IsNullOrWhiteSpace(source.Path) => new(source, FullPath(source.Path, baseDirectory), false, pathField),
            "rss" when !string.IsNullOrWhiteSpace(source.Path) => new(source, FullPath(source.Path, baseDirectory), false, pathField),
            "rss" or "http" when !string.IsNullOrWhiteSpace(source.Url) => new(source, HttpUrl(source, urlField), true, urlField),
            "files" => throw Missing(source, pathField, "a glob such as \"data/articles/*.md\""),
            "rss" => throw Missing(source, pathField, "a feed file, or a \"url\""),
            "http" => throw Missing(source, urlField, "an http(s) URL"),
            _ => throw new SourceReadException(source.Name, JsonPaths.Property(source.JsonPath, "kind"), $"unknown source kind '{source.Kind}'; use files, rss or http"),
        };
    }

    private static string FullPath(string path, string baseDirectory) =>
        Path.GetFullPath(path.Replace('\\', '/'), Path.GetFullPath(string.IsNullOrEmpty(baseDirectory) ? "." : baseDirectory));

    private static string HttpUrl(SourceDefinition source, string field)
    {
        if (Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri.AbsoluteUri;
        }

        throw new SourceReadException(source.Name, field, $"'{source.Url}' is not an absolute http(s) URL");
    }

    private static SourceReadException Missing(SourceDefinition source, string field, string what) =>
        new(source.Name, field, $"source '{source.Name}' of kind '{source.Kind}' needs {what}");
}
