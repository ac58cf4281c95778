using System.Security.Cryptography;
using System.Text;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Paths;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// A declared source with its location made absolute: a full file path or glob, or an http(s) URL. Its
/// <see cref="Key"/> names its namespace in the index and depends only on the kind and the location, so two
/// workflows that point at the same files (from different folders, with different source names) share one index.
/// </summary>
public sealed class ResolvedSource
{
    private readonly PathConfinement _paths;
    private readonly string _baseDirectory;

    private ResolvedSource(SourceDefinition definition, string location, bool isUrl, string field, PathConfinement paths, string baseDirectory)
    {
        _paths = paths;
        _baseDirectory = baseDirectory;
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
    /// folder), or a <c>url</c>. An <c>rss</c> source with both uses the path. A path must stay in the workflow's folder
    /// or a folder <paramref name="paths"/> allows (default: the workflow's folder only), symbolic links resolved.
    /// </summary>
    /// <exception cref="SourceReadException">The kind is unknown, the path/URL it needs is missing or malformed, or the path leads outside the allowed folders.</exception>
    public static ResolvedSource Resolve(SourceDefinition source, string baseDirectory, PathConfinement? paths = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var confinement = paths ?? PathConfinement.WorkflowFolderOnly;
        var folder = Path.GetFullPath(string.IsNullOrEmpty(baseDirectory) ? "." : baseDirectory);
        var pathField = JsonPaths.Property(source.JsonPath, "path");
        var urlField = JsonPaths.Property(source.JsonPath, "url");
        var resolved = source.Kind switch
        {
            "files" when !string.IsNullOrWhiteSpace(source.Path) => new ResolvedSource(source, FullPath(source.Path, folder), false, pathField, confinement, folder),
            "rss" when !string.IsNullOrWhiteSpace(source.Path) => new ResolvedSource(source, FullPath(source.Path, folder), false, pathField, confinement, folder),
            "rss" or "http" when !string.IsNullOrWhiteSpace(source.Url) => new ResolvedSource(source, HttpUrl(source, urlField), true, urlField, confinement, folder),
            "files" => throw Missing(source, pathField, "a glob such as \"data/articles/*.md\""),
            "rss" => throw Missing(source, pathField, "a feed file, or a \"url\""),
            "http" => throw Missing(source, urlField, "an http(s) URL"),
            _ => throw new SourceReadException(source.Name, JsonPaths.Property(source.JsonPath, "kind"), $"unknown source kind '{source.Kind}'; use files, rss or http"),
        };
        if (!resolved.IsUrl)
        {
            var refusal = resolved.Kind == "files"
                ? confinement.CheckGlob(source.Path!, resolved.Location, folder)
                : confinement.Check(source.Path!, resolved.Location, folder);
            if (refusal is not null)
            {
                throw new SourceReadException(source.Name, resolved.Field, refusal.ToString());
            }
        }

        return resolved;
    }

    /// <summary>
    /// Refuses to read <paramref name="file"/> (a file this source matched or names) when, with its symbolic links
    /// resolved, it lies outside the workflow's folder and the allowed folders: a link below the folder may point out.
    /// </summary>
    /// <exception cref="SourceReadException">The file leads outside.</exception>
    public void EnsureConfined(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!IsUrl && _paths.Check(Definition.Path ?? file, file, _baseDirectory) is { } refusal)
        {
            throw new SourceReadException(Definition.Name, Field, refusal.ToString());
        }
    }

    private static string FullPath(string path, string folder) => Path.GetFullPath(path.Replace('\\', '/'), folder);

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
