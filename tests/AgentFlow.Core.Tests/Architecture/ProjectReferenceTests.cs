namespace AgentFlow.Core.Tests.Architecture;

/// <summary>
/// The project split of DESIGN.md §2, read from the project files: effects (Agents, Memory) build against the
/// contracts, not the durable engine; the workflow language and the contracts carry no Durable Task, Azure or SQLite.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly string[] ForbiddenPackagePrefixes =
        ["Microsoft.Azure.DurableTask.", "Microsoft.DurableTask.", "DurableTask.", "Azure.", "Microsoft.Data.Sqlite", "SQLitePCLRaw."];

    [Theory]
    [InlineData("AgentFlow.Agents")]
    [InlineData("AgentFlow.Memory")]
    public void Effects_DoNotReferenceEngine_EvenThroughOtherProjects(string project)
    {
        var path = ReferencePath(project, "AgentFlow.Engine");

        Assert.True(path is null, $"{project} references AgentFlow.Engine through {string.Join(" -> ", path ?? [])}; reference AgentFlow.Abstractions instead");
    }

    [Theory]
    [InlineData("AgentFlow.Core")]
    [InlineData("AgentFlow.Abstractions")]
    public void PureProjects_ReferenceNoDurableTaskAzureOrSqlitePackage_EvenThroughOtherProjects(string project)
    {
        var offending = Closure(project)
            .SelectMany(p => p.Packages.Where(IsForbidden).Select(package => $"{p.Name} -> {package}"))
            .ToList();

        Assert.True(offending.Count == 0, $"{project} must stay free of Durable Task, Azure and SQLite, but builds with: {string.Join(", ", offending)}");
    }

    [Fact]
    public void Abstractions_ReferencesOnlyCore()
    {
        Assert.Equal(["AgentFlow.Core"], Closure("AgentFlow.Abstractions").Select(p => p.Name).Where(n => n != "AgentFlow.Abstractions").Order(StringComparer.Ordinal));
    }

    // The checks above pass vacuously if the project files are not read; these show that they are.
    [Fact]
    public void Engine_ReferencesDurableTaskAndSqlite_SoTheCheckWouldSeeThem()
    {
        var engine = ProjectFile.Read(ProjectPath("AgentFlow.Engine"), RepoPaths.Root);

        Assert.Contains(engine.Packages, p => p.StartsWith("Microsoft.Azure.DurableTask.", StringComparison.Ordinal));
        Assert.Contains(engine.Packages, IsForbidden);
        Assert.Contains("Microsoft.Data.Sqlite", engine.Packages);
    }

    [Fact]
    public void Cli_ReachesAbstractionsOnlyThroughOtherProjects_SoTheWalkIsTransitive()
    {
        var cli = ProjectFile.Read(ProjectPath("AgentFlow.Cli"), RepoPaths.Root);

        var path = ReferencePath("AgentFlow.Cli", "AgentFlow.Abstractions");

        Assert.DoesNotContain(cli.Projects, p => p.EndsWith("AgentFlow.Abstractions.csproj", StringComparison.Ordinal));
        Assert.NotNull(path);
        Assert.True(path.Count > 2, string.Join(" -> ", path));
    }

    private static bool IsForbidden(string package) =>
        ForbiddenPackagePrefixes.Any(prefix => package.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static string ProjectPath(string name) => Path.Combine(RepoPaths.Root, "src", name, name + ".csproj");

    private static IReadOnlyList<ProjectFile> Closure(string name) => ProjectFile.Closure(ProjectPath(name), RepoPaths.Root);

    /// <summary>The chain of project names from <paramref name="from"/> to <paramref name="to"/>, or null when there is none.</summary>
    private static List<string>? ReferencePath(string from, string to)
    {
        var projects = Closure(from).ToDictionary(p => p.Path, StringComparer.Ordinal);
        var start = projects.Values.Single(p => p.Name == from);
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [start.Path] = null };
        var queue = new Queue<ProjectFile>([start]);
        while (queue.TryDequeue(out var project))
        {
            if (project.Name == to)
            {
                var chain = new List<string>();
                for (string? at = project.Path; at is not null; at = previous[at])
                {
                    chain.Add(projects[at].Name);
                }

                chain.Reverse();
                return chain;
            }

            foreach (var reference in project.Projects.Where(r => !previous.ContainsKey(r)))
            {
                previous[reference] = project.Path;
                queue.Enqueue(projects[reference]);
            }
        }

        return null;
    }
}
