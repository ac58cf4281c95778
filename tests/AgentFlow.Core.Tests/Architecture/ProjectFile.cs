using System.Xml.Linq;

namespace AgentFlow.Core.Tests.Architecture;

/// <summary>
/// What an MSBuild project file says it references: its <c>ProjectReference</c> items and the <c>PackageReference</c>
/// items of the file and of every <c>Directory.Build.props</c>/<c>.targets</c> between it and the repository root.
/// Conditions are ignored: a reference that applies only sometimes still counts.
/// </summary>
internal sealed class ProjectFile
{
    private static readonly string[] ImportedFiles = ["Directory.Build.props", "Directory.Build.targets"];

    private ProjectFile(string path, IReadOnlyList<string> projects, IReadOnlyList<string> packages)
    {
        Path = path;
        Projects = projects;
        Packages = packages;
    }

    /// <summary>The project file's full path.</summary>
    public string Path { get; }

    /// <summary>The project name (file name without <c>.csproj</c>).</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Full paths of the directly referenced projects.</summary>
    public IReadOnlyList<string> Projects { get; }

    /// <summary>Ids of the directly referenced packages.</summary>
    public IReadOnlyList<string> Packages { get; }

    /// <summary>Reads <paramref name="path"/> and the props/targets files above it up to <paramref name="root"/>.</summary>
    public static ProjectFile Read(string path, string root)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        var project = XDocument.Load(path);
        var projects = Items(project, "ProjectReference")
            .Select(include => System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, include.Replace('\\', '/'))))
            .ToList();
        var packages = Items(project, "PackageReference").ToList();
        for (var dir = new DirectoryInfo(directory); dir is not null && dir.FullName.Length >= root.Length; dir = dir.Parent)
        {
            foreach (var imported in ImportedFiles.Select(f => System.IO.Path.Combine(dir.FullName, f)).Where(File.Exists))
            {
                packages.AddRange(Items(XDocument.Load(imported), "PackageReference"));
            }
        }

        return new ProjectFile(path, projects, packages);
    }

    /// <summary>
    /// This project and every project it references, directly or through others, each read once; what a build of
    /// this project compiles against.
    /// </summary>
    public static IReadOnlyList<ProjectFile> Closure(string path, string root)
    {
        var seen = new Dictionary<string, ProjectFile>(StringComparer.Ordinal);
        var pending = new Stack<string>([System.IO.Path.GetFullPath(path)]);
        while (pending.TryPop(out var next))
        {
            if (seen.ContainsKey(next))
            {
                continue;
            }

            var file = Read(next, root);
            seen[next] = file;
            foreach (var reference in file.Projects)
            {
                pending.Push(reference);
            }
        }

        return [.. seen.Values];
    }

    private static IEnumerable<string> Items(XDocument document, string itemType) =>
        document.Descendants()
            .Where(e => e.Name.LocalName == itemType && e.Attribute("Include") is not null)
            .Select(e => e.Attribute("Include")!.Value.Trim());
}
