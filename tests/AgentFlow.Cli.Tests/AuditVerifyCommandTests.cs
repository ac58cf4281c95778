using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary><c>agentflow audit verify</c> through the real process: exit codes and messages for an intact and a tampered log.</summary>
public sealed class AuditVerifyCommandTests : TempDirectoryTest
{
    [Fact]
    public async Task Verify_intact_log_exits_0_and_finds_every_decision_of_the_run_histories()
    {
        await DecidedRunAsync();

        var verify = await CliRunner.RunAsync("audit", "verify", "--data-dir", DataDir);

        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.Matches(@"audit log intact: \d+ records, hash chain and MACs verified with audit key [0-9a-f]{16}, head at sequence \d+ matches", verify.Stdout);
        Assert.Contains("1 recorded decision(s), all in the audit log", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_after_the_last_record_is_deleted_exits_2_naming_it()
    {
        await DecidedRunAsync();
        var log = Path.Combine(DataDir, "audit.jsonl");
        var lines = await File.ReadAllLinesAsync(log);
        await File.WriteAllLinesAsync(log, lines[..^1]);

        var verify = await CliRunner.RunAsync("audit", "verify", "--log-only", "--data-dir", DataDir);

        Assert.Equal(2, verify.ExitCode);
        Assert.Contains($"agentflow: audit log TAMPERED: the log ends at sequence {lines.Length - 1}", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains($"the last record (sequence {lines.Length}) was deleted", verify.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, verify.Stdout);
    }

    [Fact]
    public async Task Verify_after_log_and_head_are_deleted_finds_the_lost_decision_in_the_run_history()
    {
        var runId = await DecidedRunAsync();
        File.Delete(Path.Combine(DataDir, "audit.jsonl"));
        File.Delete(Path.Combine(DataDir, "audit-head.db"));

        var verify = await CliRunner.RunAsync("audit", "verify", "--data-dir", DataDir);

        Assert.Equal(2, verify.ExitCode);
        Assert.Contains($"agentflow: audit log TAMPERED: run {runId} recorded that bob approved 'review', but the log has no such decision record (the log lost it)", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_without_the_key_exits_1_saying_which_key_file_is_missing()
    {
        await DecidedRunAsync();
        var missing = Path.Combine(Root, "elsewhere", "audit.key");

        var verify = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW__AUDIT__KEYFILE"] = missing }, "audit", "verify", "--log-only", "--data-dir", DataDir);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"agentflow: audit log cannot be verified: line 1 (sequence 1): the record carries a MAC, but the audit key file '{missing}' does not exist", verify.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A run whose approval was refused to a forged token, then approved by bob (two records); returns its id.</summary>
    private async Task<string> DecidedRunAsync()
    {
        var file = Write("gate.json", """
            { "name": "gate", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:finance"], "show": { "amount": 100 }, "next": "done" },
                         "done": { "kind": "set", "values": { "by": "{{ review.by }}" } } } }
            """);
        var (code, token, stderr) = await CliRunner.RunAsync("operators", "add", "bob", "--role", "finance", "--data-dir", DataDir);
        Assert.True(code == 0, stderr);
        var started = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        Assert.True(started.ExitCode == 4, started.Stderr);
        var runId = Regex.Match(started.Stderr, @"run (gate-[0-9a-f]{8}) started").Groups[1].Value;
        Assert.Equal(5, (await CliRunner.RunAsync("approve", runId, "review", "--token", "af_forged", "--data-dir", DataDir)).ExitCode);
        var approved = await CliRunner.RunAsync("approve", runId, "review", "--token", token.Trim(), "--data-dir", DataDir);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
        return runId;
    }
}
