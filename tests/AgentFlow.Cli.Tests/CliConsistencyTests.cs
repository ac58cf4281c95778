using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary>What the CLI prints agrees with itself: state names across commands, a failure once, usage as it is called.</summary>
public sealed partial class CliConsistencyTests : TempDirectoryTest
{
    [Fact]
    public async Task Show_and_runs_json_name_the_status_with_the_same_lowercase_word()
    {
        var file = Write("gate.json", """{ "name": "gate", "start": "ok", "nodes": { "ok": { "kind": "approval", "approvers": ["user:ana"] } } }""");
        var started = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        Assert.True(started.ExitCode == 4, started.Stderr);
        var runId = RunId().Match(started.Stderr).Groups[1].Value;

        var runs = JsonNode.Parse((await CliRunner.RunAsync("runs", "--format", "json", "--data-dir", DataDir)).Stdout)!.AsArray();
        var shown = JsonNode.Parse((await CliRunner.RunAsync("show", runId, "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var table = (await CliRunner.RunAsync("runs", "--data-dir", DataDir)).Stdout;

        Assert.Equal("waiting", runs.Single()!["status"]!.GetValue<string>());
        Assert.Equal("waiting", shown["status"]!.GetValue<string>());
        Assert.Equal("approval", shown["progress"]!["waiting"]![0]!["kind"]!.GetValue<string>());
        Assert.Matches($@"{runId}\s+gate\s+waiting\s", table);
        var text = (await CliRunner.RunAsync("show", runId, "--data-dir", DataDir)).Stdout;
        Assert.Contains($"waiting: approval at 'ok' (approvers: user:ana); to approve: agentflow approve {runId} ok", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_json_lists_the_waiting_node_by_its_path()
    {
        var file = Write("gate.json", """{ "name": "gate", "start": "ok", "nodes": { "ok": { "kind": "approval", "approvers": ["user:ana"], "show": { "amount": 40 } } } }""");
        Assert.Equal(4, (await CliRunner.RunAsync("run", file, "--data-dir", DataDir)).ExitCode);

        var listed = JsonNode.Parse((await CliRunner.RunAsync("approvals", "--format", "json", "--data-dir", DataDir)).Stdout)!.AsArray();

        var item = Assert.Single(listed)!;
        Assert.Equal("ok", item["node"]!.GetValue<string>());
        Assert.Equal("user:ana", item["approvers"]![0]!.GetValue<string>());
        Assert.Equal(40, item["show"]!["amount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_prints_a_node_failure_once_without_repeating_the_node()
    {
        var file = Write("forget.json", """
            { "name": "forget", "models": { "local": { "provider": "local" } }, "agents": { "a": { "model": "local" } },
              "inputs": { "t": { "type": "string", "default": "" } },
              "start": "mem", "nodes": { "mem": { "kind": "remember", "agent": "a", "text": "{{ inputs.t }}" } } }
            """);

        var (code, _, stderr) = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);

        Assert.Equal(3, code);
        Assert.Equal(1, Regex.Count(stderr, "the memory text rendered empty"));
        Assert.DoesNotContain("node 'mem': ", stderr, StringComparison.Ordinal);
        Assert.Matches(@"x\s+mem \(remember\) \S+ ms  failed: the memory text rendered empty", stderr);
        Assert.Matches(@"run forget-[0-9a-f]{8} failed at node 'mem'", stderr);
    }

    [Fact]
    public async Task Run_waiting_in_a_map_item_prints_the_approve_command_with_the_item_path()
    {
        var file = Write("each.json", """
            { "name": "each", "inputs": { "items": { "type": "array", "default": ["a"] } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "do": {
                  "start": "ok", "nodes": { "ok": { "kind": "approval", "approvers": ["user:ana"] } } } } } }
            """);
        var token = (await CliRunner.RunAsync("operators", "add", "ana", "--data-dir", DataDir)).Stdout.Trim();

        var started = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);

        Assert.True(started.ExitCode == 4, started.Stderr);
        var command = Regex.Match(started.Stderr, @"to approve: agentflow approve (\S+) '(each\[0\]\.ok)'");
        Assert.True(command.Success, started.Stderr);
        var approved = await CliRunner.RunAsync("approve", command.Groups[1].Value, command.Groups[2].Value, "--token", token, "--data-dir", DataDir);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
    }

    [Fact]
    public async Task Operators_add_without_a_role_makes_an_operator_approvers_name_by_user()
    {
        var added = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW_TOKEN"] = null }, "operators", "add", "ana", "--data-dir", DataDir);
        Assert.True(added.ExitCode == 0, added.Stderr);
        var admin = added.Stdout.Trim();

        var second = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW_TOKEN"] = admin }, "operators", "add", "bob", "--data-dir", DataDir);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("operator 'bob' added (no roles); approvers name them user:bob", second.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"bob\s+\s", (await CliRunner.RunAsync("operators", "list", "--data-dir", DataDir)).Stdout);
    }

    [Fact]
    public async Task Audit_verify_help_shows_the_usage_it_is_called_with()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("audit", "verify", "--help");

        Assert.Equal(0, code);
        Assert.Contains("  agentflow audit verify [options]", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<run>", stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"run (\S+) started")]
    private static partial Regex RunId();
}
