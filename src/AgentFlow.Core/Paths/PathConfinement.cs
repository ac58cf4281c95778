namespace AgentFlow.Core.Paths;

/// <summary>
/// Where the files a workflow names may lie: the paths and globs of its <c>files</c> and <c>rss</c> sources and the
/// files of its <c>workflow</c> nodes are confined to the workflow file's folder (and below), plus the folders listed
/// in <see cref="AllowPaths"/> (<c>allowPaths</c> in agentflow.json). Paths are compared after resolving every symbolic
/// link, so a link inside the folder that points outside does not get out.
/// </summary>
public sealed class PathConfinement
{
    private static readonly StringComparison Comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private readonly List<string> _realAllowed;

    /// <summary>Creates a confinement that also allows <paramref name="allowPaths"/> (relative ones from the working directory).</summary>
    public PathConfinement(IEnumerable<string> allowPaths)
    {
        ArgumentNullException.ThrowIfNull(allowPaths);
        AllowPaths = [.. allowPaths.Select(p => Path.GetFullPath(p))];
        _realAllowed = [.. AllowPaths.Select(RealPath.Of)];
    }

    /// <summary>The default: each workflow's own folder and nothing else.</summary>
    public static PathConfinement WorkflowFolderOnly { get; } = new([]);

    /// <summary>Folders allowed besides the workflow's own, as full paths.</summary>
    public IReadOnlyList<string> AllowPaths { get; }

    /// <summary>
    /// Null when <paramref name="path"/> (a file, or a folder when <paramref name="isFolder"/>; relative to
    /// <paramref name="workflowDirectory"/>), with its symbolic links resolved, lies in the workflow's folder or an
    /// allowed folder. Otherwise why: the value as <paramref name="written"/>, where it leads, and the folder to add to
    /// <c>allowPaths</c>.
    /// </summary>
    public PathRefusal? Check(string written, string path, string workflowDirectory, bool isFolder = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(workflowDirectory);
        var folder = Path.GetFullPath(workflowDirectory);
        var full = Path.GetFullPath(path, folder);
        var real = RealPath.Of(full);
        if (IsUnder(real, RealPath.Of(folder)) || _realAllowed.Any(a => IsUnder(real, a)))
        {
            return null;
        }

        var allowed = AllowPaths.Count == 0 ? string.Empty : $" and the allowPaths folders ({string.Join(", ", AllowPaths)})";
        var suggestion = isFolder ? real : Path.GetDirectoryName(real) ?? real;
        var where = string.Equals(full, real, Comparison)
            ? $" (to {full})"
            : $": {full} leads through a symbolic link to {real}";
        return new PathRefusal(
            $"'{written}' resolves outside the workflow's folder {folder}{allowed}{where}",
            $"add {suggestion} (or a folder above it) to allowPaths in agentflow.json to allow it");
    }

    /// <summary>
    /// Like <see cref="Check"/> for a glob (<c>data/**/*.md</c>): its folder without wildcards must be inside. The
    /// files it matches are checked one by one when they are read (<see cref="Check"/>), since links below can point out.
    /// </summary>
    public PathRefusal? CheckGlob(string written, string pattern, string workflowDirectory)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(workflowDirectory);
        var full = Path.GetFullPath(pattern.Replace('\\', '/'), Path.GetFullPath(workflowDirectory));
        var segments = full.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var fixedCount = segments.TakeWhile(s => s.AsSpan().IndexOfAny('*', '?') < 0).Count();
        var isFolder = fixedCount < segments.Length;
        var fixedPart = string.Join(Path.DirectorySeparatorChar, segments.Take(fixedCount));
        return Check(written, fixedPart.Length == 0 ? Path.GetPathRoot(full) ?? "/" : fixedPart, workflowDirectory, isFolder);
    }

    private static bool IsUnder(string path, string folder)
    {
        var trimmed = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return string.Equals(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), trimmed, Comparison)
            || path.StartsWith(trimmed + Path.DirectorySeparatorChar, Comparison);
    }
}
