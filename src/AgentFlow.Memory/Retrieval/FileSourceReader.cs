using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Reads <c>files</c> sources: the files matched by the source's glob that end in <c>.md</c>/<c>.markdown</c>,
/// <c>.txt</c>/<c>.text</c> or <c>.html</c>/<c>.htm</c> (others are ignored). Markdown and text are indexed as they are;
/// a Markdown title is the first <c># </c> heading. HTML is reduced to its text and titled by its <c>&lt;title&gt;</c>.
/// Without a title the file name is used. A document's id is its path below the glob's fixed folder, its source the
/// full path. A matched file that resolves (through a symbolic link) outside the workflow's folder and the allowed
/// folders stops the source with a <see cref="SourceReadException"/> instead of being read.
/// </summary>
public sealed class FileSourceReader : ISourceReader
{
    private static readonly string[] Markdown = [".md", ".markdown"];
    private static readonly string[] Html = [".html", ".htm"];
    private static readonly string[] Supported = [.. Markdown, .. Html, ".txt", ".text"];

    /// <inheritdoc />
    public string Kind => "files";

    /// <inheritdoc />
    public IEnumerable<string> Check(ResolvedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Files(source).Count == 0)
        {
            yield return $"source '{source.Definition.Name}': {source.Field} '{source.Definition.Path}' matches no {string.Join('/', Supported)} file (looked for {source.Location})";
        }
    }

    /// <inheritdoc />
    public ValueTask<string?> FingerprintAsync(ResolvedSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        cancellationToken.ThrowIfCancellationRequested();
        var state = new StringBuilder();
        foreach (var file in Files(source))
        {
            var info = new FileInfo(file);
            state.Append(file).Append('\0').Append(info.Length).Append('\0').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return ValueTask.FromResult<string?>(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state.ToString()))));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceDocument> ReadAsync(ResolvedSource source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var glob = new FileGlob(source.Location);
        foreach (var file in Files(source))
        {
            string content;
            try
            {
                content = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SourceReadException(source.Definition.Name, source.Field, $"cannot read '{file}': {e.Message}", e);
            }

            var id = Path.GetRelativePath(glob.BaseDirectory, file).Replace('\\', '/');
            var name = Path.GetFileName(file);
            if (Is(file, Html))
            {
                var (title, text) = HtmlText.Extract(content);
                yield return new SourceDocument(id, title.Length > 0 ? title : name, file, text);
            }
            else
            {
                yield return new SourceDocument(id, Is(file, Markdown) ? MarkdownTitle(content) ?? name : name, file, content);
            }
        }
    }

    /// <summary>The first level-1 ATX heading (<c># Title</c>) outside code fences, without its markers; null when there is none.</summary>
    internal static string? MarkdownTitle(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced && trimmed.StartsWith("# ", StringComparison.Ordinal))
            {
                var title = trimmed[2..].TrimEnd('#').Trim();
                if (!title.IsEmpty)
                {
                    return title.ToString();
                }
            }
        }

        return null;
    }

    private static bool Is(string file, string[] extensions) =>
        extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The supported files the glob matches; each must resolve inside the allowed folders (links may point out).</summary>
    private static List<string> Files(ResolvedSource source)
    {
        var files = new FileGlob(source.Location).Match().Where(f => Is(f, Supported)).ToList();
        foreach (var file in files)
        {
            source.EnsureConfined(file);
        }

        return files;
    }
}
