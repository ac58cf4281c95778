using Azure.Storage.Queues;

namespace AgentFlow.Cli.Tests;

/// <summary>Azure Storage settings through the real process, against Azurite (127.0.0.1, started by .ci/run).</summary>
public sealed class AzureStorageSettingsTests : TempDirectoryTest
{
    private const string Azurite = "UseDevelopmentStorage=true";

    [Fact]
    public async Task Garbage_connection_string_is_one_line_naming_the_setting_and_nothing_starts()
    {
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__AZURESTORAGE__CONNECTIONSTRING"] = "garbage" };

        var result = await CliRunner.RunAsync(environment, "run", "workflows/hello.json", "--backend", "azure-storage", "--data-dir", DataDir);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("agentflow: configuration: azureStorage.connectionString: cannot be parsed as a storage connection string", line, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Azure_storage_backend_from_agentflow_json_runs_the_workflow_with_that_many_control_queues()
    {
        var hub = "afp" + Guid.NewGuid().ToString("N")[..12];
        Write("agentflow.json", $$"""
            { "backend": "azure-storage", "dataDirectory": "data",
              "azureStorage": { "connectionString": "{{Azurite}}", "taskHubName": "{{hub}}", "partitionCount": 2 } }
            """);
        var workflow = Write("hello.json", await File.ReadAllTextAsync(Path.Combine(CliRunner.RepoRoot, "workflows", "hello.json")));

        try
        {
            var result = await CliRunner.RunInAsync(Root, null, "run", workflow, "--input", "name=Ana");

            Assert.True(result.ExitCode == 0, result.Stderr);
            var queues = new QueueServiceClient(Azurite).GetQueuesAsync(prefix: hub.ToLowerInvariant());
            var names = new List<string>();
            await foreach (var queue in queues)
            {
                names.Add(queue.Name);
            }

            Assert.Equal([$"{hub}-control-00", $"{hub}-control-01"], names.Where(n => n.Contains("-control-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.Matches(@"hello-[0-9a-f]{8}\s+hello\s+completed", (await CliRunner.RunInAsync(Root, null, "runs")).Stdout);
        }
        finally
        {
            await AgentFlow.Engine.Tests.Support.AzureTaskHubs.DeleteAsync(Azurite, hub);
        }
    }
}
