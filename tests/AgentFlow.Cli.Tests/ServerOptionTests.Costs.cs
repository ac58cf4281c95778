using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

/// <summary><c>costs</c> and the usage of <c>runs</c> with <c>--server URL</c>: the same figures as from the data directory.</summary>
public sealed partial class ServerOptionTests
{
    private const string TwoAgents = """
        { "name": "two", "models": { "local": { "provider": "local" } },
          "agents": { "writer": { "model": "local" }, "critic": { "model": "local" } },
          "start": "draft",
          "nodes": { "draft": { "kind": "llm", "agent": "writer", "prompt": "Write two sentences about durable workflows.", "next": "check" },
                     "check": { "kind": "llm", "agent": "critic", "prompt": "Critique this draft: {{ draft.text }}" } } }
        """;

    [Fact]
    public async Task CostsAndRuns_WithServer_PrintWhatTheDataDirectoryGives()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var workflows = Directory.CreateDirectory(Path.Combine(Root, "workflows")).FullName;
        var file = Path.Combine(workflows, "two.json");
        await File.WriteAllTextAsync(file, TwoAgents, timeout.Token);
        var ran = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        Assert.True(ran.ExitCode == 0, ran.Stderr);
        var admin = await AddOperatorAsync("root", "ops", null);
        var vera = await AddOperatorAsync("vera", "viewer", admin);
        var local = await CliRunner.RunAsync("costs", "--by", "agent", "--format", "json", "--data-dir", DataDir);
        var localText = await CliRunner.RunAsync("costs", "--by", "agent", "--data-dir", DataDir);
        var localRuns = await CliRunner.RunAsync("runs", "--format", "json", "--data-dir", DataDir);

        using var server = CliRunner.Start("serve", "--urls", "http://127.0.0.1:0", "--data-dir", DataDir, "--workflows", workflows);
        try
        {
            var url = await ListeningUrlAsync(server, timeout.Token);
            _ = server.StandardError.ReadToEndAsync(timeout.Token);

            var remote = await CliRunner.RunAsync("costs", "--by", "agent", "--format", "json", "--server", url, "--token", vera);
            var remoteText = await CliRunner.RunAsync("costs", "--by", "agent", "--server", url, "--token", vera);
            var remoteRuns = await CliRunner.RunAsync("runs", "--format", "json", "--server", url, "--token", vera);

            Assert.True(remote.ExitCode == 0, remote.Stderr);
            Assert.Equal(local.Stdout, remote.Stdout);
            Assert.Equal(localText.Stdout, remoteText.Stdout);
            Assert.Equal(["critic", "writer"], JsonNode.Parse(remote.Stdout)!["rows"]!.AsArray().Select(r => r!["key"]!.GetValue<string>()));
            var usage = JsonNode.Parse(localRuns.Stdout)![0]!["usage"]!;
            Assert.True(usage["tokens"]!.GetValue<long>() > 0, localRuns.Stdout);
            Assert.Equal(usage.ToJsonString(), JsonNode.Parse(remoteRuns.Stdout)![0]!["usage"]!.ToJsonString());
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }
}
