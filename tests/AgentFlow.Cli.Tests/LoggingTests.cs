using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AgentFlow.Agents.Tests.Llm;

namespace AgentFlow.Cli.Tests;

/// <summary>Logs of the real process: a worker reports run events, --verbose node detail, and no secret is ever logged.</summary>
public sealed class LoggingTests : TempDirectoryTest
{
    [Fact]
    public async Task Worker_logs_each_run_event_and_node_failures_with_their_error()
    {
        var waiting = Write("waiting.json", """
            { "name": "waiting", "start": "a", "nodes": { "a": { "kind": "set", "values": { "x": 1 }, "next": "ask" },
              "ask": { "kind": "approval", "approvers": ["role:ops"], "show": { "x": "{{ a.x }}" } } } }
            """);
        var failing = Write("failing.json", """
            { "name": "failing", "start": "boom", "nodes": { "boom": { "kind": "fail", "message": "the ledger is closed" } } }
            """);
        var done = Write("done.json", """{ "name": "done", "start": "s", "nodes": { "s": { "kind": "set", "values": { "ok": true } } } }""");
        var ids = new List<string>();
        foreach (var file in new[] { waiting, failing, done })
        {
            var detached = await CliRunner.RunAsync("run", file, "--detach", "--data-dir", DataDir);
            ids.Add(detached.Stdout.Trim());
        }

        var log = await WorkerLogUntilAsync(text => text.Contains($"Run {ids[2]} completed", StringComparison.Ordinal)
            && text.Contains($"Run {ids[0]} waits for approval at 'ask'", StringComparison.Ordinal)
            && text.Contains($"Run {ids[1]} failed", StringComparison.Ordinal));

        Assert.Contains($"Run {ids[0]} started: workflow 'waiting'", log, StringComparison.Ordinal);
        Assert.Contains($"Run {ids[1]} node 'boom' (fail) failed: the ledger is closed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("dbug", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_shows_node_level_detail_on_stderr_and_keeps_stdout_for_the_output()
    {
        var file = Write("two.json", """
            { "name": "two", "start": "a", "nodes": { "a": { "kind": "set", "values": { "x": 1 }, "next": "b" },
              "b": { "kind": "set", "values": { "y": "{{ a.x }}" } } }, "output": { "y": "{{ b.y }}" } }
            """);

        var quiet = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        var verbose = await CliRunner.RunAsync("run", file, "--verbose", "--data-dir", DataDir);

        Assert.DoesNotContain("AgentFlow.Runs", quiet.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"dbug: AgentFlow\.Runs\[2006\] Run two-[0-9a-f]{8} node 'b' \(set\) started", verbose.Stderr);
        Assert.Equal(quiet.Stdout, verbose.Stdout);
    }

    [Fact]
    public async Task No_secret_reaches_the_logs_api_keys_smtp_passwords_or_operator_tokens()
    {
        const string ApiKey = "sk-live-A1b2C3d4E5f6G7h8";
        const string SmtpPassword = "smtp-pass-Z9y8X7w6";
        using var model = FakeModelServer.Start();
        using var hangUp = new HangUpServer();
        model.Reply(500, """{ "error": { "message": "overloaded" } }""").Reply(ChatResponses.Text("Dear customer, your refund is on its way."));
        var file = Write("secrets.json", $$$"""
            { "name": "secrets",
              "models": { "gpt": { "provider": "openai", "model": "gpt-test", "baseUrl": "{{{model.BaseUrl}}}", "apiKeyEnv": "AF_TEST_API_KEY" } },
              "agents": { "writer": { "model": "gpt", "instructions": "You write short notes." } },
              "tools": { "mail": { "kind": "email", "risk": "high" } },
              "start": "draft",
              "nodes": { "draft": { "kind": "llm", "agent": "writer", "prompt": "Write to the customer.", "next": "review" },
                         "review": { "kind": "approval", "approvers": ["role:ops"], "show": { "text": "{{ draft.text }}" }, "next": "send" },
                         "send": { "kind": "tool", "tool": "mail", "args": { "to": "c@example.com", "subject": "Refund", "text": "{{ review.values.text }}" } } } }
            """);
        var environment = new Dictionary<string, string?>
        {
            ["AF_TEST_API_KEY"] = ApiKey,
            ["AF_TEST_SMTP_PASSWORD"] = SmtpPassword,
            ["AGENTFLOW__SMTP__HOST"] = "127.0.0.1",
            ["AGENTFLOW__SMTP__PORT"] = hangUp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AGENTFLOW__SMTP__USERNAME"] = "agentflow",
            ["AGENTFLOW__SMTP__PASSWORDENV"] = "AF_TEST_SMTP_PASSWORD",
            ["AGENTFLOW__LOGGING__LOGLEVEL__DEFAULT"] = "Trace",
        };
        var token = (await CliRunner.RunAsync(environment, "operators", "add", "olga", "--role", "ops", "--data-dir", DataDir)).Stdout.Trim();

        var started = await CliRunner.RunAsync(environment, "run", file, "--verbose", "--data-dir", DataDir);
        Assert.True(started.ExitCode == 4, started.Stderr);
        var runId = Regex.Match(started.Stderr, @"run (secrets-[0-9a-f]{8}) started").Groups[1].Value;
        var approved = await CliRunner.RunAsync(environment, "approve", runId, "review", "--token", token, "--verbose", "--data-dir", DataDir);

        // The e-mail cannot be sent (the server hangs up before its greeting): the failure is logged, without the password.
        Assert.Equal(3, approved.ExitCode);
        var logs = started.Stderr + started.Stdout + approved.Stderr + approved.Stdout;
        Assert.Contains("failed", approved.Stderr, StringComparison.Ordinal);
        Assert.Contains("dbug:", logs, StringComparison.Ordinal);
        Assert.Contains("answered 500; retry 1", logs, StringComparison.Ordinal);
        // A token is af_ + an 8-character id + _ + the secret (base64url: it may contain '_' itself).
        foreach (var secret in new[] { ApiKey, SmtpPassword, token, token[12..] })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs <c>agentflow worker</c> until its log satisfies <paramref name="done"/>, then stops it with SIGTERM.</summary>
    private async Task<string> WorkerLogUntilAsync(Func<string, bool> done)
    {
        using var process = CliRunner.Start("worker", "--data-dir", DataDir);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var log = new StringBuilder();
        while (!done(log.ToString()) && await process.StandardError.ReadLineAsync(deadline.Token) is { } line)
        {
            log.AppendLine(line);
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(deadline.Token);
        }

        log.Append(await process.StandardError.ReadToEndAsync(deadline.Token));
        await process.WaitForExitAsync(deadline.Token);
        return log.ToString();
    }
}
