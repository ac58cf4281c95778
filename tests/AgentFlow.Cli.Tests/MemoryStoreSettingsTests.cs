using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

/// <summary>remember/recall through the CLI on the Azure Blob memory store (Azurite), chosen by settings.</summary>
public sealed class MemoryStoreSettingsTests : TempDirectoryTest
{
    [Fact]
    public async Task Remember_and_recall_use_the_azure_blob_store_when_configured()
    {
        var file = Write("memo.json", """
            { "name": "memo", "inputs": { "note": { "type": "string" } },
              "models": { "m": { "provider": "local" } }, "agents": { "keeper": { "model": "m" } }, "start": "keep",
              "nodes": { "keep": { "kind": "remember", "agent": "keeper", "text": "{{ inputs.note }}", "next": "find" },
                         "find": { "kind": "recall", "agent": "keeper", "query": "{{ inputs.note }}", "k": 3 } },
              "output": "{{ find.items }}" }
            """);
        var container = "cli-memory-" + Guid.NewGuid().ToString("N")[..12];
        var blob = new Dictionary<string, string?>
        {
            ["AGENTFLOW__MEMORY__STORE"] = "azure-blob",
            ["AGENTFLOW__MEMORY__CONNECTIONSTRING"] = "UseDevelopmentStorage=true",
            ["AGENTFLOW__MEMORY__CONTAINER"] = container,
        };

        var run = await CliRunner.RunAsync(blob, "run", file, "--input", "note=The keyboard refund was approved", "--data-dir", DataDir);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("The keyboard refund was approved", JsonNode.Parse(run.Stdout)!.AsArray().Single()!["text"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(DataDir, "memory.db")), "the SQLite memory file must not be used");
        var listed = await CliRunner.RunAsync(blob, "memory", "list", "keeper", "--data-dir", DataDir);
        Assert.Contains("The keyboard refund was approved", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("forgot 1 memory", (await CliRunner.RunAsync(blob, "memory", "forget", "keeper", "--all", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
    }
}
