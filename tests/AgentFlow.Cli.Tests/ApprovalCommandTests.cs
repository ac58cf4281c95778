using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary>Operators, approve/reject, approvals, audit and audit verify through the real <c>agentflow</c> process.</summary>
public sealed class ApprovalCommandTests : TempDirectoryTest
{
    private string? _admin;

    [Fact]
    public async Task Operators_decide_with_their_tokens_and_the_audit_log_shows_and_verifies_it()
    {
        var file = Path.Combine(Root, "gate.json");
        await File.WriteAllTextAsync(file, """
            { "name": "gate", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:finance"], "show": { "amount": 100 }, "next": "pay" },
                         "pay": { "kind": "set", "values": { "paid": "{{ review.values.amount }}", "by": "{{ review.by }}" } } } }
            """);
        var bob = await AddOperatorAsync("bob", "finance");
        var eve = await AddOperatorAsync("eve", "sales");
        var started = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        Assert.Equal(4, started.ExitCode);
        var runId = Regex.Match(started.Stderr, @"run (gate-[0-9a-f]{8}) started").Groups[1].Value;

        var listed = await CliRunner.RunAsync("approvals", "--mine", "--token", bob, "--data-dir", DataDir);
        Assert.Matches($@"{runId}\s+review\s+role:finance\s+0/1", listed.Stdout);

        var refused = await CliRunner.RunAsync("approve", runId, "review", "--token", eve, "--data-dir", DataDir);
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("refused: operator 'eve' (roles: sales) is not an approver of 'review'", refused.Stderr, StringComparison.Ordinal);

        var forged = await CliRunner.RunAsync("approve", runId, "review", "--token", "af_nothing_here", "--data-dir", DataDir);
        Assert.Equal(5, forged.ExitCode);

        var approved = await CliRunner.RunAsync("approve", runId, "review", "--token", bob, "--set", "amount=75", "--comment", "partial", "--data-dir", DataDir);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
        Assert.Equal(75, JsonNode.Parse(approved.Stdout)!["paid"]!.GetValue<int>());

        var late = await CliRunner.RunAsync("reject", runId, "review", "--token", bob, "--data-dir", DataDir);
        Assert.Equal(5, late.ExitCode);
        Assert.Contains("'review' was already approved by bob", late.Stderr, StringComparison.Ordinal);

        var audit = await CliRunner.RunAsync("audit", runId, "--data-dir", DataDir);
        Assert.Matches(@"decision\s+bob\s+approved\s+partial; edits \{""amount"":75\}", audit.Stdout);
        Assert.Equal(3, Regex.Count(audit.Stdout, "refusal"));
        Assert.Equal(0, (await CliRunner.RunAsync("audit", "verify", "--data-dir", DataDir)).ExitCode);

        // Tamper: change the decision of a record in place.
        var log = Path.Combine(DataDir, "audit.jsonl");
        await File.WriteAllTextAsync(log, (await File.ReadAllTextAsync(log)).Replace("\"approved\"", "\"rejected\"", StringComparison.Ordinal));
        var verify = await CliRunner.RunAsync("audit", "verify", "--data-dir", DataDir);
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("audit log TAMPERED", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_without_a_token_says_how_to_get_one()
    {
        var result = await CliRunner.RunAsync("approve", "r-1", "review", "--data-dir", DataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no operator token: pass --token or set AGENTFLOW_TOKEN", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Adds an operator; the first one is the admin whose token adds the others.</summary>
    private async Task<string> AddOperatorAsync(string name, string role)
    {
        string[] asAdmin = _admin is null ? [] : ["--token", _admin];
        var (code, stdout, stderr) = await CliRunner.RunAsync(["operators", "add", name, "--role", role, "--data-dir", DataDir, .. asAdmin]);
        Assert.True(code == 0, stderr);
        _admin ??= stdout.Trim();
        Assert.DoesNotContain(stdout.Trim(), await File.ReadAllTextAsync(Path.Combine(DataDir, "operators.json")), StringComparison.Ordinal);
        return stdout.Trim();
    }
}
