namespace AgentFlow.Cli.Tests;

/// <summary>Base for tests that need a scratch folder with a data dir; the folder is deleted afterwards.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    /// <summary>The scratch folder.</summary>
    protected string Root { get; } = Directory.CreateTempSubdirectory("agentflow-cli-").FullName;

    /// <summary>The data dir to pass as <c>--data-dir</c>.</summary>
    protected string DataDir => Path.Combine(Root, "data");

    /// <summary>Writes a file into the scratch folder and returns its path.</summary>
    protected string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
