using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

/// <summary>The real <c>agentflow</c> process running workflows on the embedded backend in a temporary data dir.</summary>
public sealed class RunCommandTests : TempDirectoryTest
{
    [Fact]
    public async Task Hello_runs_to_completion_with_progress_on_stderr_and_output_on_stdout()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("run", "workflows/hello.json", "--input", "name=Ana", "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        var output = JsonNode.Parse(stdout)!;
        Assert.StartsWith("Hello Ana!", output["greeting"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("AgentFlow runs declarative JSON workflows", output["greeting"]!.GetValue<string>(), StringComparison.Ordinal);
        // A duration in ms, or in s when a loaded machine took a second or more.
        Assert.Matches(@"ok greet \(llm\) (\d+ ms|\d+\.\d s)", stderr);
        Assert.Contains($"run {output["runId"]} completed", stderr, StringComparison.Ordinal);

        var (listCode, list, _) = await CliRunner.RunAsync("runs", "--data-dir", DataDir);
        Assert.Equal(0, listCode);
        Assert.Matches($@"{output["runId"]}\s+hello\s+completed", list);
    }

    [Fact]
    public async Task Input_errors_are_reported_and_nothing_starts()
    {
        var file = Write("typed.json", """
            { "name": "typed", "inputs": { "count": { "type": "integer" }, "topic": { "type": "string", "default": "x" } },
              "start": "s", "nodes": { "s": { "kind": "set", "values": { "c": "{{ inputs.count }}" } } } }
            """);

        var (code, _, stderr) = await CliRunner.RunAsync("run", file, "--input", "count=many", "--input", "topc=y", "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Contains("input 'count' must be an integer, but got \"many\"", stderr, StringComparison.Ordinal);
        Assert.Contains("unknown input 'topc' (did you mean 'topic'?)", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Contains("no runs", (await CliRunner.RunAsync("runs", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("missing required input 'count' (integer); pass --input count=VALUE", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_workflow_prints_its_diagnostics_and_exits_2()
    {
        var file = Write("bad.json", """{ "name": "bad", "start": "nowhere", "nodes": { "a": { "kind": "end" } } }""");

        var (code, _, stderr) = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Contains("AF201", stderr, StringComparison.Ordinal);
        Assert.Contains("invalid workflow; nothing was started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_exits_4_and_the_run_can_be_listed_shown_and_cancelled()
    {
        var file = Write("gate.json", """
            { "name": "gate", "start": "gate",
              "nodes": { "gate": { "kind": "approval", "approvers": ["role:editor"], "show": { "what": "publish" }, "next": "done" },
                         "done": { "kind": "end" } } }
            """);

        var (code, stdout, stderr) = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        Assert.Equal(4, code);
        Assert.Equal(string.Empty, stdout);
        var runId = System.Text.RegularExpressions.Regex.Match(stderr, @"run (gate-[0-9a-f]{8}) started").Groups[1].Value;
        Assert.Contains($"run {runId} waits for approval at node 'gate' (approvers: role:editor)", stderr, StringComparison.Ordinal);

        Assert.Contains(runId, (await CliRunner.RunAsync("runs", "--status", "waiting", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
        var show = await CliRunner.RunAsync("show", runId, "--data-dir", DataDir);
        Assert.Contains("waiting: approval at 'gate' (approvers: role:editor)", show.Stdout, StringComparison.Ordinal);

        var cancel = await CliRunner.RunAsync("cancel", runId, "--reason", "not today", "--data-dir", DataDir);
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        var after = await CliRunner.RunAsync("show", runId, "--data-dir", DataDir);
        Assert.Contains($"run {runId}: gate, canceled", after.Stdout, StringComparison.Ordinal);
        Assert.Contains("error: cancelled: not today", after.Stdout, StringComparison.Ordinal);

        var again = await CliRunner.RunAsync("cancel", runId, "--data-dir", DataDir);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already canceled", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_9_mid_run_then_resume_completes_the_same_run()
    {
        var file = Write("slow.json", """
            { "name": "slow", "tools": { "shape": { "kind": "code", "risk": "low", "name": "json.transform" } }, "start": "first",
              "nodes": { "first": { "kind": "tool", "tool": "shape", "args": { "input": [3, 1, 2] }, "next": "pause" },
                         "pause": { "kind": "approval", "approvers": ["role:ops"], "show": { "count": "{{ first.count }}" }, "next": "last" },
                         "last": { "kind": "set", "values": { "count": "{{ first.count }}" } } } }
            """);
        using var process = CliRunner.Start("run", file, "--data-dir", DataDir);
        var started = await process.StandardError.ReadLineAsync();
        var runId = System.Text.RegularExpressions.Regex.Match(started ?? string.Empty, @"run (slow-[0-9a-f]{8}) started").Groups[1].Value;
        Assert.NotEmpty(runId);
        Assert.Contains("ok first (tool)", await process.StandardError.ReadLineAsync(), StringComparison.Ordinal);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        // The run was killed while it waits for an approval (not a timer, which a slow machine could let fire first).
        var (code, _, stderr) = await CliRunner.RunAsync("run", "--resume", runId, "--data-dir", DataDir);
        Assert.True(code == 4, stderr);
        Assert.Contains($"resuming run {runId} (slow, ", stderr, StringComparison.Ordinal);

        var token = (await CliRunner.RunAsync("operators", "add", "olga", "--role", "ops", "--data-dir", DataDir)).Stdout.Trim();
        var (approved, stdout, approveErr) = await CliRunner.RunAsync("approve", runId, "pause", "--token", token, "--data-dir", DataDir);
        Assert.True(approved == 0, approveErr);
        Assert.Equal(3, JsonNode.Parse(stdout)!["count"]!.GetValue<int>());
        var show = JsonNode.Parse((await CliRunner.RunAsync("show", runId, "--format", "json", "--data-dir", DataDir)).Stdout)!;
        Assert.Equal(["first", "pause", "last"], show["timeline"]!.AsArray().Select(t => t!["node"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bad_provider_settings_are_refused_before_the_run_naming_the_setting()
    {
        var file = Write("remote.json", """
            { "name": "remote", "models": { "gpt": { "provider": "openai", "model": "gpt-4o-mini", "baseUrl": "http://127.0.0.1:9/v1", "apiKeyEnv": "AGENTFLOW_TEST_UNSET_KEY" } },
              "agents": { "a": { "model": "gpt" } }, "start": "ask", "nodes": { "ask": { "kind": "llm", "agent": "a", "prompt": "hi" } } }
            """);

        var missingKey = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW_TEST_UNSET_KEY"] = null }, "run", file, "--data-dir", DataDir);
        Assert.Equal(2, missingKey.ExitCode);
        Assert.Contains("models.gpt.apiKeyEnv: environment variable AGENTFLOW_TEST_UNSET_KEY is not set", missingKey.Stderr, StringComparison.Ordinal);

        var unreachable = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW_TEST_UNSET_KEY"] = "sk-test" }, "run", file, "--data-dir", DataDir);
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("models.gpt.baseUrl: cannot connect to 127.0.0.1:9", unreachable.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test", unreachable.Stderr, StringComparison.Ordinal);
        Assert.Contains("no runs", (await CliRunner.RunAsync("runs", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_usage_errors_name_what_to_do()
    {
        var neither = await CliRunner.RunAsync("run", "--data-dir", DataDir);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("give a workflow file to start, or --resume RUN", neither.Stderr, StringComparison.Ordinal);

        var unknown = await CliRunner.RunAsync("run", "--resume", "nope-1", "--data-dir", DataDir);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no run 'nope-1'", unknown.Stderr, StringComparison.Ordinal);

        var missingFile = await CliRunner.RunAsync("run", "missing.json", "--data-dir", DataDir);
        Assert.Equal(1, missingFile.ExitCode);
        Assert.Contains("missing.json: no such file", missingFile.Stderr, StringComparison.Ordinal);
    }
}
