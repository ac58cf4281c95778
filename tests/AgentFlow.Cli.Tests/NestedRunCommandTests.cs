using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// Runs that wait deep inside (a sub-workflow, a map chunk) through the real <c>agentflow</c> process: run exits 4,
/// approvals lists them, show says what they wait for, approve reaches them; run ids and SIGTERM.
/// </summary>
public sealed class NestedRunCommandTests : TempDirectoryTest
{
    [Fact]
    public async Task Approval_in_a_sub_workflow_exits_4_is_listed_shown_and_approved_by_its_path()
    {
        Write("child.json", """
            { "name": "child", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:ops"], "show": { "what": "refund 40" } } },
              "output": { "by": "{{ review.by }}" } }
            """);
        var file = Write("parent.json", """
            { "name": "parent", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "child.json" } },
              "output": { "approvedBy": "{{ call.by }}" } }
            """);
        var token = await AddOperatorAsync("olga", "ops");

        var started = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        Assert.True(started.ExitCode == 4, started.Stderr);
        var runId = Regex.Match(started.Stderr, @"run (parent-[0-9a-f]{8}) started").Groups[1].Value;
        Assert.Contains($"run {runId} waits for approval at node 'call.review'", started.Stderr, StringComparison.Ordinal);

        var listed = await CliRunner.RunAsync("approvals", "--data-dir", DataDir);
        Assert.Matches($@"{runId}\s+call\.review\s+role:ops\s+0/1", listed.Stdout);
        var shown = await CliRunner.RunAsync("show", runId, "--data-dir", DataDir);
        Assert.Contains("waiting: approval at 'call.review'", shown.Stdout, StringComparison.Ordinal);

        var approved = await CliRunner.RunAsync("approve", runId, "call.review", "--token", token, "--data-dir", DataDir);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
        Assert.Equal("olga", JsonNode.Parse(approved.Stdout)!["approvedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approval_in_a_map_chunk_exits_4_and_is_listed_by_its_item_path()
    {
        var file = Write("chunked.json", """
            { "name": "chunked", "inputs": { "items": { "type": "array" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "concurrency": 1, "do": {
                  "start": "ok", "nodes": { "ok": { "kind": "approval", "approvers": ["role:ops"], "show": { "item": "{{ x }}" } } } } } } }
            """);
        var items = string.Join(",", Enumerable.Range(0, 101).Select(i => $"i{i}"));

        var started = await CliRunner.RunAsync("run", file, "--input", $"items={items}", "--data-dir", DataDir);

        Assert.True(started.ExitCode == 4, started.Stderr);
        Assert.Contains("waits for approval at node 'each[0].ok'", started.Stderr, StringComparison.Ordinal);
        var listed = await CliRunner.RunAsync("approvals", "--data-dir", DataDir);
        Assert.Matches(@"chunked-[0-9a-f]{8}\s+each\[0\]\.ok\s+role:ops", listed.Stdout);
    }

    [Fact]
    public async Task Run_id_with_a_reserved_character_is_refused_before_anything_starts()
    {
        var file = Write("named.json", """{ "name": "named", "start": "s", "nodes": { "s": { "kind": "end" } } }""");

        var result = await CliRunner.RunAsync("run", file, "--run-id", "pb:c.1", "--data-dir", DataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--run-id 'pb:c.1': ':' is reserved", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("started", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_leaves_the_run_resumable_and_exits_4()
    {
        var file = Write("sleepy.json", """{ "name": "sleepy", "start": "nap", "nodes": { "nap": { "kind": "wait", "for": "PT1H" } } }""");
        using var process = CliRunner.Start("run", file, "--max-timer-wait", "7200", "--data-dir", DataDir);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = new System.Text.StringBuilder();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync(deadline.Token)) is not null && !line.Contains("started", StringComparison.Ordinal))
        {
            stderr.AppendLine(line);
        }

        var runId = Regex.Match(line ?? string.Empty, @"run (sleepy-[0-9a-f]{8}) started").Groups[1].Value;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(deadline.Token);
        }

        var rest = await process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 4, stderr + rest);
        Assert.Contains($"interrupted: run {runId} is kept; continue it with agentflow run --resume {runId}", rest, StringComparison.Ordinal);
        var shown = await CliRunner.RunAsync("show", runId, "--data-dir", DataDir);
        Assert.Matches($@"run {runId}: sleepy, (pending|running|waiting) ", shown.Stdout);
    }

    [Fact]
    public async Task Sigterm_stops_a_worker_after_its_work_in_flight_with_exit_0()
    {
        using var process = CliRunner.Start("worker", "--data-dir", DataDir);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await process.StandardError.ReadLineAsync(deadline.Token);
        Assert.StartsWith("worker running on sqlite", first, StringComparison.Ordinal);

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(deadline.Token);
        }

        var rest = await process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, rest);
        Assert.Contains("worker stopping: finishing work in flight", rest, StringComparison.Ordinal);
        Assert.EndsWith("worker stopped", rest.Trim(), StringComparison.Ordinal);
    }

    private async Task<string> AddOperatorAsync(string name, string role)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("operators", "add", name, "--role", role, "--data-dir", DataDir);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }
}
