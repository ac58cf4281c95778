namespace AgentFlow.Engine.Tests.Support;

/// <summary>Base for tests that run their own hosts or worker processes on a data dir in a scratch folder, deleted afterwards.</summary>
public abstract class ScratchDirectoryTest : IAsyncLifetime
{
    protected ScratchDirectoryTest(string prefix) => Scratch = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The scratch folder.</summary>
    protected string Scratch { get; }

    /// <summary>The data dir inside it.</summary>
    protected string DataDir => Path.Combine(Scratch, "data");

    /// <summary>The side-effect file the test tools append to.</summary>
    protected string Effects => Path.Combine(Scratch, "effects.txt");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
