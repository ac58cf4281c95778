namespace AgentFlow.Core.Tests;

/// <summary>Locates repository folders from the test output directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workflows => Path.Combine(Root, "workflows");

    public static string Schema => Path.Combine(Root, "schemas", "workflow.v1.json");

    public static string InvalidCorpus => Path.Combine(Root, "tests", "AgentFlow.Core.Tests", "invalid");

    public static IEnumerable<string> ExampleWorkflows => Directory.GetFiles(Workflows, "*.json").Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AgentFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
