using System.IO.Enumeration;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Expands a full-path glob: <c>*</c> and <c>?</c> within one path segment, <c>**</c> for any number of folders
/// (e.g. <c>/work/data/**/*.md</c>). Matching is case-sensitive on Linux and case-insensitive elsewhere, like the file
/// systems; hidden files are skipped. Results are in ordinal order, so every run sees the same sequence.
/// </summary>
internal sealed class FileGlob
{
    private static readonly bool IgnoreCase = !OperatingSystem.IsLinux();
    private static readonly EnumerationOptions Options = new() { IgnoreInaccessible = true, RecurseSubdirectories = false };

    private readonly string[] _segments;

    public FileGlob(string fullPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullPattern);
        var parts = fullPattern.Replace('\\', '/').Split('/');
        var fixedCount = 0;
        while (fixedCount < parts.Length - 1 && !HasWildcard(parts[fixedCount]))
        {
            fixedCount++;
        }

        // The folder that holds every match: the pattern's leading segments without wildcards.
        var root = string.Join('/', parts.Take(fixedCount));
        BaseDirectory = root.Length == 0 ? "/" : root;
        var rest = parts.Skip(fixedCount).ToList();
        if (rest.Count > 0 && rest[^1] == "**")
        {
            rest.Add("*");
        }

        _segments = [.. rest];
        IsLiteral = !HasWildcard(fullPattern);
    }

    /// <summary>The deepest folder without wildcards above the pattern; document ids are paths relative to it.</summary>
    public string BaseDirectory { get; }

    /// <summary>True when the pattern names one file.</summary>
    public bool IsLiteral { get; }

    /// <summary>The matching files, full paths in ordinal order.</summary>
    public IReadOnlyList<string> Match()
    {
        var files = new List<string>();
        if (IsLiteral)
        {
            var path = Path.Combine(BaseDirectory, _segments[0]);
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
        }
        else if (Directory.Exists(BaseDirectory))
        {
            Walk(BaseDirectory, 0, files);
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static bool HasWildcard(string segment) => segment.AsSpan().IndexOfAny('*', '?') >= 0;

    private void Walk(string directory, int segment, List<string> files)
    {
        var pattern = _segments[segment];
        if (pattern == "**")
        {
            // Zero folders here, or one more folder and still inside "**".
            Walk(directory, segment + 1, files);
            foreach (var child in Directory.EnumerateDirectories(directory, "*", Options))
            {
                Walk(child, segment, files);
            }
        }
        else if (segment == _segments.Length - 1)
        {
            files.AddRange(Directory.EnumerateFiles(directory, "*", Options).Where(f => Matches(pattern, Path.GetFileName(f))));
        }
        else
        {
            foreach (var child in Directory.EnumerateDirectories(directory, "*", Options).Where(d => Matches(pattern, Path.GetFileName(d))))
            {
                Walk(child, segment + 1, files);
            }
        }
    }

    private static bool Matches(string pattern, string name) => FileSystemName.MatchesSimpleExpression(pattern, name, IgnoreCase);
}
