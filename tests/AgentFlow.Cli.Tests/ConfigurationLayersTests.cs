namespace AgentFlow.Cli.Tests;

/// <summary>agentflow.json, then AGENTFLOW__* variables, then options, read through one configuration by the real process.</summary>
public sealed class ConfigurationLayersTests : TempDirectoryTest
{
    [Fact]
    public async Task Runs_UnknownKeyInAgentflowJson_WarnsNamingTheKeyAndStillRuns()
    {
        Write("agentflow.json", """{ "backnd": "sqlite", "smtp": { "hots": "mail" } }""");

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, null, "runs", "--data-dir", DataDir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("agentflow: warning: agentflow.json: unknown setting 'backnd' (known: backend, dataDirectory,", stderr, StringComparison.Ordinal);
        Assert.Contains("agentflow: warning: agentflow.json: unknown setting 'smtp.hots'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_PartitionCountNotANumberInTheFile_OneLineNamingTheSetting()
    {
        Write("agentflow.json", """{ "azureStorage": { "partitionCount": "two" } }""");

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, null, "runs", "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Equal("agentflow: configuration: azureStorage.partitionCount: is 'two'; give a whole number from 1 to 16", stderr.Trim());
    }

    [Fact]
    public async Task Runs_EnvironmentOverridesTheFile_ErrorNamesTheVariable()
    {
        Write("agentflow.json", """{ "backend": "sqlite" }""");
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__BACKEND"] = "postgres" };

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, environment, "runs", "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Equal("agentflow: configuration: AGENTFLOW__BACKEND: unknown backend 'postgres'; use one of: sqlite, azure-storage.", stderr.Trim());
    }

    [Fact]
    public async Task Runs_BackendOptionOverridesTheEnvironment_ErrorNamesTheOption()
    {
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__BACKEND"] = "sqlite" };

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, environment, "runs", "--data-dir", DataDir, "--backend", "mongo");

        Assert.Equal(2, exit);
        Assert.Equal("agentflow: configuration: --backend: unknown backend 'mongo'; use one of: sqlite, azure-storage.", stderr.Trim());
    }

    [Fact]
    public async Task Runs_EmptyEnvironmentVariable_KeepsTheFileValue()
    {
        Write("agentflow.json", """{ "dataDirectory": "from-file" }""");
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__DATADIRECTORY"] = "" };

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, environment, "runs");

        Assert.True(exit == 0, stderr);
        Assert.True(Directory.Exists(Path.Combine(Root, "from-file")), "the file's data directory was used");
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("approvals")]
    public async Task ReadOnlyCommand_FreshDataDirectory_CreatesNoLedgerMemoryOrRetrievalFile(string command)
    {
        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, null, command, "--data-dir", DataDir);

        Assert.True(exit == 0, stderr);
        var created = Directory.GetFiles(DataDir).Select(Path.GetFileName);
        Assert.DoesNotContain("ledger.db", created);
        Assert.DoesNotContain("memory.db", created);
        Assert.DoesNotContain("retrieval.db", created);
        Assert.DoesNotContain("audit-head.db", created);
    }
}
