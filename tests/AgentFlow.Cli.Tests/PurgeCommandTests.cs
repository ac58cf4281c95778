using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// <c>agentflow purge</c> through the real process on both backends: finished runs go with their ledger entries and the
/// definitions no remaining run refers to; a waiting run, its definition and the audit log stay.
/// </summary>
public sealed class PurgeCommandTests : TempDirectoryTest
{
    private static readonly string Azurite =
        Environment.GetEnvironmentVariable("AGENTFLOW_TEST_AZURE_STORAGE") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    private Dictionary<string, string?>? _environment;
    private string[] _backend = [];
    private string? _hub;

    [Fact]
    public async Task Purge_on_sqlite_removes_finished_runs_their_effects_and_unreferenced_definitions_only()
    {
        await ScenarioAsync();
    }

    [Fact]
    public async Task Purge_on_azure_storage_removes_finished_runs_their_effects_and_unreferenced_definitions_only()
    {
        _hub = "afpurge" + Guid.NewGuid().ToString("N")[..10];
        // Every command on the backend, so operators, the audit chain and the ledger are the account's shared ones.
        _environment = new() { ["AGENTFLOW__BACKEND"] = "azure-storage", ["AGENTFLOW__AZURESTORAGE__CONNECTIONSTRING"] = Azurite, ["AGENTFLOW__AZURESTORAGE__TASKHUBNAME"] = _hub };
        _backend = ["--backend", "azure-storage"];
        try
        {
            await ScenarioAsync();
        }
        finally
        {
            await AgentFlow.Engine.Tests.Support.AzureTaskHubs.DeleteAsync(Azurite, _hub);
        }
    }

    [Fact]
    public async Task Purge_without_older_than_or_run_is_a_usage_error_that_says_what_to_give()
    {
        var result = await CliRunner.RunAsync("purge", "--data-dir", DataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("give --older-than DURATION", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.Contains("is not an ISO-8601 duration", (await CliRunner.RunAsync("purge", "--older-than", "30 days", "--data-dir", DataDir)).Stderr, StringComparison.Ordinal);
    }

    private async Task ScenarioAsync()
    {
        var done = Write("done.json", """{ "name": "done", "start": "a", "nodes": { "a": { "kind": "set", "values": { "ok": true } } } }""");
        var broken = Write("broken.json", """{ "name": "broken", "start": "a", "nodes": { "a": { "kind": "fail", "message": "boom" } } }""");
        var paid = Write("paid.json", """
            { "name": "paid", "tools": { "pay": { "kind": "code", "name": "payments.refund", "risk": "medium" } },
              "start": "pay", "nodes": { "pay": { "kind": "tool", "tool": "pay", "args": { "order": "A-1", "amount": 5 } } } }
            """);
        var gate = Write("gate.json", """
            { "name": "gate", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:ops"], "timeout": "P1D", "next": "after" },
                         "after": { "kind": "set", "values": { "ok": true } } } }
            """);
        await CliAsync(0, "operators", "add", "olga", "--role", "ops");
        await CliAsync(0, ["run", done, "--run-id", "done-1", .. _backend]);
        await CliAsync(0, ["run", done, "--run-id", "done-2", .. _backend]);
        await CliAsync(0, ["run", paid, "--run-id", "paid-1", .. _backend]);
        await CliAsync(3, ["run", broken, "--run-id", "broken-1", .. _backend]);
        await CliAsync(4, ["run", gate, "--run-id", "gate-1", .. _backend]);
        var audit = await CliAsync(0, "audit");
        Assert.Contains("paid-1", await CliAsync(0, "effects", "--format", "json"), StringComparison.Ordinal);
        Assert.Equal(4, (await DefinitionsAsync()).Count);

        // Everything finished just now: a threshold of a day keeps it all.
        Assert.Empty(Report(await CliAsync(0, ["purge", "--older-than", "P1D", "--format", "json", .. _backend]))["runs"]!.AsArray());

        var waiting = await CliRunner.RunAsync(_environment, ["purge", "--run", "gate-1", "--data-dir", DataDir, .. _backend]);
        Assert.Equal(1, waiting.ExitCode);
        Assert.Contains("run 'gate-1' is waiting; only finished runs are purged: cancel it first", waiting.Stderr, StringComparison.Ordinal);

        // One run: done-2 still refers to the same definition, so it stays.
        var one = Report(await CliAsync(0, ["purge", "--run", "done-1", "--format", "json", .. _backend]));
        Assert.Equal(["done-1"], Ids(one["runs"]!.AsArray()));
        Assert.Empty(one["definitions"]!.AsArray());
        Assert.Equal(["broken-1", "done-2", "gate-1", "paid-1"], await RunIdsAsync());

        var dry = Report(await CliAsync(0, ["purge", "--older-than", "PT0S", "--status", "completed", "--dry-run", "--format", "json", .. _backend]));
        Assert.Equal(["done-2", "paid-1"], Ids(dry["runs"]!.AsArray()));
        Assert.Equal(1, dry["ledgerEntries"]!.GetValue<int>());
        Assert.Equal(["broken-1", "done-2", "gate-1", "paid-1"], await RunIdsAsync());

        var all = Report(await CliAsync(0, ["purge", "--older-than", "PT0S", "--format", "json", .. _backend]));
        Assert.Equal(["broken-1", "done-2", "paid-1"], Ids(all["runs"]!.AsArray()));
        Assert.Equal(1, all["ledgerEntries"]!.GetValue<int>());
        Assert.Equal(3, all["definitions"]!.AsArray().Count);

        Assert.Equal(["gate-1"], await RunIdsAsync());
        Assert.DoesNotContain("paid-1", await CliAsync(0, "effects", "--format", "json"), StringComparison.Ordinal);
        var left = Assert.Single(await DefinitionsAsync());
        Assert.Contains("gate.json", left, StringComparison.Ordinal);
        Assert.Equal(audit, await CliAsync(0, "audit"));
        Assert.Contains("no finished runs to purge", await CliAsync(0, ["purge", "--older-than", "PT0S", .. _backend]), StringComparison.Ordinal);
    }

    private async Task<string> CliAsync(int exitCode, params string[] args)
    {
        var result = await CliRunner.RunAsync(_environment, [.. args, "--data-dir", DataDir]);
        Assert.True(result.ExitCode == exitCode, $"agentflow {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    private async Task<List<string>> RunIdsAsync() =>
        Ids(JsonNode.Parse(await CliAsync(0, ["runs", "--format", "json", .. _backend]))!.AsArray().Select(r => r!["runId"]));

    private static JsonNode Report(string stdout) => JsonNode.Parse(stdout)!;

    private static List<string> Ids(IEnumerable<JsonNode?>? ids) => [.. (ids ?? []).Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal)];

    /// <summary>The text of every stored definition, wherever the backend keeps them.</summary>
    private async Task<List<string>> DefinitionsAsync()
    {
        if (_hub is null)
        {
            var folder = Path.Combine(DataDir, "definitions");
            return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.json").Select(File.ReadAllText)] : [];
        }

        var container = new BlobContainerClient(Azurite, $"{_hub}-definitions");
        var texts = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            texts.Add((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
        }

        return texts;
    }
}
