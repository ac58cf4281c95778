using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary><c>run</c> options (--inputs, --run-id, --detach, --max-timer-wait), <c>runs --workflow</c> and the text.template tool, through the real process.</summary>
public sealed class RunOptionsTests : TempDirectoryTest
{
    private const string Greeting = """
        { "name": "greeting", "inputs": { "name": { "type": "string" }, "count": { "type": "integer" },
                                          "template": { "type": "string", "default": "Hello {{ who }} x{{ n }}" } },
          "tools": { "render": { "kind": "code", "risk": "low", "name": "text.template" } }, "start": "greet",
          "nodes": { "greet": { "kind": "tool", "tool": "render",
                                "args": { "template": "{{ inputs.template }}", "values": { "who": "{{ inputs.name }}", "n": "{{ inputs.count }}" } } } },
          "output": { "text": "{{ greet.text }}" } }
        """;

    [Fact]
    public async Task Inputs_file_and_run_id_start_the_named_run_and_text_template_renders_the_inputs()
    {
        var file = Write("greeting.json", Greeting);
        var inputs = Write("inputs.json", """{ "name": "Ana", "count": 2 }""");

        var (code, stdout, stderr) = await CliRunner.RunAsync("run", file, "--inputs", inputs, "--run-id", "greet-ana-1", "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        var output = JsonNode.Parse(stdout)!;
        Assert.Equal("Hello Ana x2", output["text"]!.GetValue<string>());
        Assert.Contains("run greet-ana-1 started", stderr, StringComparison.Ordinal);
        Assert.Contains("run greet-ana-1 completed", stderr, StringComparison.Ordinal);

        var again = await CliRunner.RunAsync("run", file, "--inputs", inputs, "--run-id", "greet-ana-1", "--data-dir", DataDir);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("greet-ana-1", again.Stderr, StringComparison.Ordinal);
        Assert.Single(Regex.Matches((await CliRunner.RunAsync("runs", "--data-dir", DataDir)).Stdout, "greet-ana-1"));
    }

    [Fact]
    public async Task An_input_given_on_the_command_line_overrides_the_inputs_file()
    {
        var file = Write("greeting.json", Greeting);
        var inputs = Write("inputs.json", """{ "name": "Ana", "count": 2 }""");

        var (code, stdout, stderr) = await CliRunner.RunAsync("run", file, "--inputs", inputs, "--input", "count=5", "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        Assert.Equal("Hello Ana x5", JsonNode.Parse(stdout)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Detach_returns_the_run_id_at_once_and_resume_finishes_the_run()
    {
        var file = Write("greeting.json", Greeting);

        var detached = await CliRunner.RunAsync("run", file, "--input", "name=Bo", "--input", "count=1", "--detach", "--data-dir", DataDir);

        Assert.True(detached.ExitCode == 4, detached.Stderr);
        var runId = detached.Stdout.Trim();
        Assert.Matches("^greeting-[0-9a-f]{8}$", runId);
        Assert.Contains($"detached: a worker continues it (agentflow worker, or agentflow run --resume {runId})", detached.Stderr, StringComparison.Ordinal);

        var (code, stdout, stderr) = await CliRunner.RunAsync("run", "--resume", runId, "--data-dir", DataDir);
        Assert.True(code == 0, stderr);
        Assert.Equal("Hello Bo x1", JsonNode.Parse(stdout)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_timer_due_after_max_timer_wait_exits_4_and_the_run_waits()
    {
        var file = Write("nap.json", """{ "name": "nap", "start": "nap", "nodes": { "nap": { "kind": "wait", "for": "PT10M" } } }""");

        var (code, _, stderr) = await CliRunner.RunAsync("run", file, "--max-timer-wait", "0", "--data-dir", DataDir);

        Assert.True(code == 4, stderr);
        var runId = Regex.Match(stderr, @"run (nap-[0-9a-f]{8}) started").Groups[1].Value;
        Assert.Matches($@"{runId}\s+nap\s+waiting", (await CliRunner.RunAsync("runs", "--status", "waiting", "--data-dir", DataDir)).Stdout);
    }

    [Fact]
    public async Task Runs_workflow_lists_only_the_runs_of_that_workflow()
    {
        var greeting = Write("greeting.json", Greeting);
        var other = Write("other.json", """{ "name": "other", "start": "s", "nodes": { "s": { "kind": "set", "values": { "x": 1 } } } }""");
        Assert.Equal(0, (await CliRunner.RunAsync("run", greeting, "--input", "name=A", "--input", "count=1", "--run-id", "g-1", "--data-dir", DataDir)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("run", other, "--run-id", "o-1", "--data-dir", DataDir)).ExitCode);

        var (code, stdout, stderr) = await CliRunner.RunAsync("runs", "--workflow", "other", "--format", "json", "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        var runs = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(["o-1"], runs.Select(r => r!["runId"]!.GetValue<string>()));
        Assert.Equal("other", runs[0]!["workflow"]!.GetValue<string>());
    }
}
