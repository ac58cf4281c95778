using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentFlow.Agents.Tests.Llm;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// <c>agentflow replay</c> through the real CLI: a what-if fork of a run that drafted with a model, was approved, mailed
/// (outbox) and called an HTTP endpoint sends no mail and calls nothing again, and prints the right diff.
/// </summary>
public sealed class ReplayCommandTests : TempDirectoryTest
{
    private const string ApiKey = "sk-replay-test";

    [Fact]
    public async Task A_what_if_fork_sends_no_mail_calls_no_tool_again_and_diffs_the_changed_draft()
    {
        using var model = FakeModelServer.Start();
        using var hook = new CountingHttpServer();
        model.Reply(ChatResponses.Text("Tides rise twice a day."));
        var file = Write("announce.json", $$$"""
            { "name": "announce",
              "models": { "gpt": { "provider": "openai", "model": "gpt-test", "baseUrl": "{{{model.BaseUrl}}}", "apiKeyEnv": "AF_TEST_API_KEY" } },
              "agents": { "writer": { "model": "gpt" } },
              "tools": { "mail": { "kind": "email", "risk": "medium", "from": "news@example.com" },
                         "hook": { "kind": "http", "risk": "medium", "method": "POST", "url": "http://127.0.0.1:{{{hook.Port}}}/published", "allowHosts": ["127.0.0.1"] } },
              "start": "draft",
              "nodes": {
                "draft":  { "kind": "llm", "agent": "writer", "prompt": "Write one line about tides.", "next": "review" },
                "review": { "kind": "approval", "approvers": ["role:editor"], "show": { "text": "{{ draft.text }}" }, "next": "send" },
                "send":   { "kind": "tool", "tool": "mail", "args": { "to": "readers@example.com", "subject": "Tides", "text": "{{ review.values.text }}" }, "next": "notify" },
                "notify": { "kind": "tool", "tool": "hook", "args": { "text": "{{ review.values.text }}" } } },
              "output": { "text": "{{ draft.text }}", "mailed": "{{ send.to }}" } }
            """);
        var environment = new Dictionary<string, string?> { ["AF_TEST_API_KEY"] = ApiKey };
        var token = (await CliRunner.RunAsync(environment, "operators", "add", "ed", "--role", "editor", "--data-dir", DataDir)).Stdout.Trim();
        var started = await CliRunner.RunAsync(environment, "run", file, "--data-dir", DataDir);
        Assert.True(started.ExitCode == 4, started.Stderr);
        var runId = Regex.Match(started.Stderr, @"run (announce-[0-9a-f]{8}) started").Groups[1].Value;
        var approved = await CliRunner.RunAsync(environment, "approve", runId, "review", "--token", token, "--data-dir", DataDir);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
        var mails = Directory.GetFiles(Path.Combine(DataDir, "outbox"), "*.eml");
        Assert.Single(mails, m => File.ReadAllText(m).Contains("Tides rise twice a day.", StringComparison.Ordinal));
        Assert.Equal(1, hook.Count);
        Assert.Single(model.Requests);

        model.Reply(ChatResponses.Text("Tides rise and fall twice daily, pulled by the moon."));
        var (code, stdout, stderr) = await CliRunner.RunAsync(
            environment, "replay", runId, "--set", "nodes.draft.prompt=Write one longer line about tides.", "--format", "json", "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        Assert.Equal(mails.Order(), Directory.GetFiles(Path.Combine(DataDir, "outbox"), "*.eml").Order());
        Assert.Equal(1, hook.Count);
        Assert.Equal(2, model.Requests.Count);
        Assert.Contains("Write one longer line about tides.", model.Requests[1].Body, StringComparison.Ordinal);
        var diff = JsonNode.Parse(stdout)!;
        Assert.Equal(runId, diff["original"]!.GetValue<string>());
        var nodes = diff["nodes"]!.AsArray().ToDictionary(n => n!["node"]!.GetValue<string>(), n => n!);
        Assert.Equal("changed", nodes["draft"]!["status"]!.GetValue<string>());
        Assert.Equal("Tides rise and fall twice daily, pulled by the moon.", nodes["draft"]!["fork"]!["text"]!.GetValue<string>());
        Assert.Equal("same", nodes["send"]!["status"]!.GetValue<string>());
        Assert.Equal("reused", nodes["send"]!["replay"]!.GetValue<string>());
        Assert.True(nodes["send"]!["inputChanged"]!.GetValue<bool>());
        Assert.Equal("same", nodes["notify"]!["status"]!.GetValue<string>());
        Assert.Equal("reused", nodes["review"]!["replay"]!.GetValue<string>());
        Assert.Equal("changed", diff["outputStatus"]!.GetValue<string>());
        Assert.Equal("text", Assert.Single(diff["outputChanges"]!.AsArray())!["path"]!.GetValue<string>());

        var shown = await CliRunner.RunAsync("show", diff["fork"]!.GetValue<string>(), "--data-dir", DataDir);
        Assert.Contains($"replay fork of run {runId}: from the start; --set nodes.draft.prompt=Write one longer line about tides.", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_of_a_waiting_run_is_refused_and_table_names_what_changed()
    {
        var file = Write("gate.json", """
            { "name": "gate", "start": "ask",
              "nodes": { "ask": { "kind": "approval", "approvers": ["role:editor"], "show": { "n": 1 }, "next": "done" },
                         "done": { "kind": "set", "values": { "n": "{{ ask.values.n }}" } } },
              "output": { "n": "{{ done.n }}" } }
            """);
        var token = (await CliRunner.RunAsync("operators", "add", "ed", "--role", "editor", "--data-dir", DataDir)).Stdout.Trim();
        var started = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        var runId = Regex.Match(started.Stderr, @"run (gate-[0-9a-f]{8}) started").Groups[1].Value;

        var refused = await CliRunner.RunAsync("replay", runId, "--data-dir", DataDir);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"agentflow replay: run '{runId}' is waiting (approval at 'ask')", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Stdout);

        Assert.Equal(0, (await CliRunner.RunAsync("approve", runId, "ask", "--token", token, "--data-dir", DataDir)).ExitCode);
        var table = await CliRunner.RunAsync("replay", runId, "--set", "nodes.done.values.n=2", "--data-dir", DataDir);

        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Matches(@"(?m)^ask\s+approval\s+same\s+reused\s*$", table.Stdout);
        Assert.Matches(@"(?m)^done\s+set\s+changed\s+ran\s+n: 1 -> 2$", table.Stdout);
        Assert.Matches(@"(?m)^\(output\)\s+changed\s+n: 1 -> 2$", table.Stdout);
    }
}
