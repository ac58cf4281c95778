using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// workflows/refund-approval.json through the real CLI: quorum of two, the approve path (edited amount paid once,
/// customer mailed), the reject path, and escalation to the finance lead after the timeout (shortened for the test).
/// </summary>
public sealed class RefundWorkflowTests : TempDirectoryTest
{
    private string? _admin;

    private string Outbox => Path.Combine(DataDir, "outbox");

    [Fact]
    public async Task Approve_path_needs_two_approvers_pays_the_edited_amount_once_and_mails_the_customer()
    {
        var runId = await StartAsync(Copy());
        var bob = await OperatorAsync("bob", "finance");
        var alice = await OperatorAsync("alice", "ops");

        var first = await CliRunner.RunAsync("approve", runId, "approveRefund", "--token", bob, "--data-dir", DataDir);
        Assert.Equal(4, first.ExitCode);
        Assert.Contains("bob approved (1 of 2 approvals)", first.Stderr, StringComparison.Ordinal);

        var second = await CliRunner.RunAsync("approve", runId, "approveRefund", "--token", alice, "--set", "amount=40", "--data-dir", DataDir);
        Assert.True(second.ExitCode == 0, second.Stderr);
        var output = JsonNode.Parse(second.Stdout)!;
        Assert.True(output["approved"]!.GetValue<bool>());
        Assert.Equal("bob, alice", output["decidedBy"]!.GetValue<string>());

        var payment = JsonNode.Parse(Assert.Single(File.ReadAllLines(Path.Combine(DataDir, "payments.jsonl"))))!;
        Assert.Equal(40, payment["amount"]!.GetValue<int>());
        var mail = File.ReadAllText(Assert.Single(Directory.GetFiles(Outbox, "*.eml")));
        Assert.Contains("jane.doe@contoso.example.org", mail, StringComparison.Ordinal);
        Assert.Contains("Your refund for order A-1042", mail, StringComparison.Ordinal);

        // recordDecision remembered the decision for the analyst agent, and only for it.
        var memories = await CliRunner.RunAsync("memory", "export", "analyst", "--data-dir", DataDir);
        var memory = JsonNode.Parse(Assert.Single(memories.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal(runId, memory["runId"]!.GetValue<string>());
        Assert.Contains("decision approved for 40 EUR", memory["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("A-1042", (await CliRunner.RunAsync("memory", "search", "analyst", "refund for order A-1042", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
        Assert.Contains("forgot 1 memory", (await CliRunner.RunAsync("memory", "forget", "analyst", "--where", $"runId={runId}", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await CliRunner.RunAsync("memory", "export", "analyst", "--data-dir", DataDir)).Stdout);
    }

    [Fact]
    public async Task Reject_path_pays_nothing_and_tells_the_customer()
    {
        var runId = await StartAsync(Copy());
        var carol = await OperatorAsync("carol", "finance");

        var rejected = await CliRunner.RunAsync("reject", runId, "approveRefund", "--token", carol, "--comment", "outside policy", "--data-dir", DataDir);

        Assert.True(rejected.ExitCode == 0, rejected.Stderr);
        Assert.Equal("rejected", JsonNode.Parse(rejected.Stdout)!["decision"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(DataDir, "payments.jsonl")));
        Assert.Contains("Your refund request for order A-1042", File.ReadAllText(Assert.Single(Directory.GetFiles(Outbox, "*.eml"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_timeout_the_finance_lead_is_refused()
    {
        // The shipped four-hour timeout: the refusal cannot race the escalation however slow the machine is.
        var lead = await OperatorAsync("lena", "finance-lead");
        var runId = await StartAsync(Copy());

        var early = await CliRunner.RunAsync("approve", runId, "approveRefund", "--token", lead, "--data-dir", DataDir);

        Assert.Equal(5, early.ExitCode);
        Assert.DoesNotContain("role:finance-lead", (await CliRunner.RunAsync("approvals", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_after_the_timeout_lets_the_finance_lead_decide()
    {
        var lead = await OperatorAsync("lena", "finance-lead");
        var bob = await OperatorAsync("bob", "finance");

        // Escalates as soon as a worker sees the run; the test then waits on the escalation, not on a clock.
        var runId = await StartAsync(Copy(timeout: "PT0.1S", after: "PT10M"));
        using var worker = CliRunner.Start("worker", "--data-dir", DataDir);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!(await CliRunner.RunAsync("approvals", "--data-dir", DataDir)).Stdout.Contains("role:finance-lead", StringComparison.Ordinal))
            {
                await Task.Delay(200, deadline.Token);
            }

            Assert.Equal(4, (await CliRunner.RunAsync("approve", runId, "approveRefund", "--token", lead, "--data-dir", DataDir)).ExitCode);
            var done = await CliRunner.RunAsync("approve", runId, "approveRefund", "--token", bob, "--data-dir", DataDir);
            Assert.True(done.ExitCode == 0, done.Stderr);
            Assert.Equal("lena, bob", JsonNode.Parse(done.Stdout)!["decidedBy"]!.GetValue<string>());
            Assert.Contains("escalation", (await CliRunner.RunAsync("audit", runId, "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    /// <summary>A copy of the shipped workflow and its data; only the approval durations may be shortened.</summary>
    private string Copy(string timeout = "PT4H", string after = "PT4H")
    {
        var source = Path.Combine(CliRunner.RepoRoot, "workflows");
        var text = File.ReadAllText(Path.Combine(source, "refund-approval.json"))
            .Replace("\"timeout\": \"PT4H\"", $"\"timeout\": \"{timeout}\"", StringComparison.Ordinal)
            .Replace("\"after\": \"PT4H\"", $"\"after\": \"{after}\"", StringComparison.Ordinal);
        var folder = Path.Combine(Root, "wf");
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.Copy(Path.Combine(source, "data", "orders.json"), Path.Combine(folder, "data", "orders.json"), overwrite: true);
        var file = Path.Combine(folder, "refund-approval.json");
        File.WriteAllText(file, text);
        return file;
    }

    private async Task<string> StartAsync(string file)
    {
        var (code, _, stderr) = await CliRunner.RunAsync(
            "run", file, "--input", "order=A-1042", "--input", "customer=jane.doe@contoso.example.org", "--input", "amount=49.90",
            "--input", "reason=The mouse stopped working after a week", "--data-dir", DataDir);
        Assert.True(code == 4, stderr);
        Assert.Contains("ok assess (llm)", stderr, StringComparison.Ordinal);
        return Regex.Match(stderr, @"run (refund-approval-[0-9a-f]{8}) started").Groups[1].Value;
    }

    /// <summary>Adds an operator; the first one is the admin whose token adds the others.</summary>
    private async Task<string> OperatorAsync(string name, string role)
    {
        string[] asAdmin = _admin is null ? [] : ["--token", _admin];
        var (code, stdout, stderr) = await CliRunner.RunAsync(["operators", "add", name, "--role", role, "--data-dir", DataDir, .. asAdmin]);
        Assert.True(code == 0, stderr);
        _admin ??= stdout.Trim();
        return stdout.Trim();
    }
}
