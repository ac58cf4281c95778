using System.Text.Json;

namespace AgentFlow.Cli.Tests;

/// <summary><c>agentflow triggers</c> and <c>worker --workflows</c>, run as the real process.</summary>
public sealed class TriggersCommandTests : TempDirectoryTest
{

    private const string Plain = """
        { "name": "plain", "start": "s", "nodes": { "s": { "kind": "set", "values": { "a": 1 }, "next": "done" }, "done": { "kind": "end" } } }
        """;

    private const string Scheduled = """
        { "name": "news", "inputs": { "manual": { "type": "boolean", "default": false } },
          "triggers": { "weekly": { "kind": "schedule", "cron": "0 8 * * MON", "timeZone": "Europe/Berlin", "inputs": { "manual": "{{ trigger.manual }}" } } },
          "start": "s", "nodes": { "s": { "kind": "set", "values": { "m": "{{ inputs.manual }}" }, "next": "done" }, "done": { "kind": "end" } } }
        """;

    private string Folder => Path.Combine(Root, "workflows");

    [Fact]
    public async Task List_FolderWithoutTriggers_SaysSo_AndListsAnInvalidFileAsAProblem()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "plain.json"), Plain);
        File.WriteAllText(Path.Combine(Folder, "broken.json"), """{ "name": "broken", "start": "nowhere", "nodes": {} }""");

        var (code, stdout, stderr) = await CliRunner.RunAsync("triggers", "list", "--workflows", Folder, "--data-dir", DataDir);
        var (jsonCode, json, _) = await CliRunner.RunAsync("triggers", "list", "--workflows", Folder, "--data-dir", DataDir, "--format", "json");

        Assert.Equal(0, code);
        Assert.StartsWith("no triggers in ", stdout, StringComparison.Ordinal);
        Assert.Contains("broken.json", stderr, StringComparison.Ordinal);
        Assert.Equal(0, jsonCode);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(0, doc.RootElement.GetProperty("triggers").GetArrayLength());
        Assert.EndsWith("broken.json", doc.RootElement.GetProperty("problems")[0].GetProperty("file").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fire_UnknownName_IsOneLineNamingIt()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "plain.json"), Plain);

        var (code, stdout, stderr) = await CliRunner.RunAsync("triggers", "fire", "plain/nope", "--workflows", Folder, "--data-dir", DataDir);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal("agentflow: no trigger 'plain/nope': the workflows folder declares no triggers", stderr.Trim());
    }

    [Fact]
    public async Task MissingExplicitFolder_IsOneLineError_ForTriggersAndWorker()
    {
        var missing = Path.Combine(Root, "nope");

        var list = await CliRunner.RunAsync("triggers", "list", "--workflows", missing, "--data-dir", DataDir);
        var worker = await CliRunner.RunAsync("worker", "--workflows", missing, "--data-dir", DataDir);

        Assert.Equal(1, list.ExitCode);
        Assert.Equal($"agentflow: --workflows '{missing}' is not a folder; give the folder of workflow files (e.g. --workflows workflows)", list.Stderr.Trim());
        Assert.Equal(1, worker.ExitCode);
        Assert.StartsWith($"agentflow: --workflows '{missing}' is not a folder", worker.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(worker.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task PauseResumeFire_ByName_AuditedWithTheOperator_FirePrintsTheRunId()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "news.json"), Scheduled);
        var token = (await CliRunner.RunAsync("operators", "add", "olga", "--role", "ops", "--data-dir", DataDir)).Stdout.Trim();

        var noToken = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW_TOKEN"] = null }, "triggers", "pause", "weekly", "--workflows", Folder, "--data-dir", DataDir);
        var pause = await CliRunner.RunAsync("triggers", "pause", "weekly", "--token", token, "--workflows", Folder, "--data-dir", DataDir);
        var listed = await CliRunner.RunAsync("triggers", "list", "--format", "json", "--workflows", Folder, "--data-dir", DataDir);
        var resume = await CliRunner.RunAsync("triggers", "resume", "news/weekly", "--token", token, "--workflows", Folder, "--data-dir", DataDir);
        var fire = await CliRunner.RunAsync("triggers", "fire", "news/weekly", "--workflows", Folder, "--data-dir", DataDir);
        var audit = File.ReadAllText(Path.Combine(DataDir, "audit.jsonl"));

        Assert.Equal(5, noToken.ExitCode);
        Assert.Equal((0, "trigger news/weekly paused"), (pause.ExitCode, pause.Stdout.Trim()));
        using (var doc = JsonDocument.Parse(listed.Stdout))
        {
            var row = doc.RootElement.GetProperty("triggers")[0];
            Assert.Equal("news/weekly", row.GetProperty("id").GetString());
            Assert.True(row.GetProperty("paused").GetBoolean());
        }

        Assert.Equal((0, "trigger news/weekly resumed"), (resume.ExitCode, resume.Stdout.Trim()));
        Assert.Equal(4, fire.ExitCode);
        Assert.StartsWith("news-weekly-manual-", fire.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"trigger\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"operator\":\"olga\"", audit, StringComparison.Ordinal);
    }
}
