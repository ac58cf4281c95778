namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>The repository's example data (workflows/data), found by walking up from the test binaries to AgentFlow.sln.</summary>
internal static class RepoData
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentFlow.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no AgentFlow.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The workflows folder: the base directory of the example workflows' source paths.</summary>
    public static string Workflows => Path.Combine(RootPath.Value, "workflows");

    public static string Data => Path.Combine(Workflows, "data");

    public static string Labelled => Path.Combine(RootPath.Value, "tests", "AgentFlow.Memory.Tests", "Retrieval", "labelled.json");
}
