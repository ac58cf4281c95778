using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// E-mail through SMTP from the CLI: <c>agentflow dev smtp</c> as a real process with a run sending through it as the
/// README shows, and SMTP settings that stop a run before it starts.
/// </summary>
public sealed class SmtpDeliveryTests : IDisposable
{
    private const string Workflow = """
        { "name": "notify", "inputs": { "to": { "type": "string" } },
          "tools": { "mail": { "kind": "email", "risk": "medium", "from": "bot@example.com" } },
          "start": "send",
          "nodes": { "send": { "kind": "tool", "tool": "mail",
                               "args": { "to": "{{ inputs.to }}", "subject": "Build finished", "text": "All green.", "html": "<p>All <b>green</b>.</p>" } } } }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("agentflow-cli-smtp-").FullName;
    private readonly StringBuilder _sinkOutput = new();
    private readonly Lock _gate = new();

    [Fact]
    public async Task Run_WithSmtpEnvironmentPointingAtTheDevSink_PrintsTheMessageInTheSink()
    {
        var port = FreePort();
        var file = Path.Combine(_directory, "notify.json");
        await File.WriteAllTextAsync(file, Workflow);
        using var sink = CliRunner.Start("dev", "smtp", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var listening = Watch(sink);
            await listening.WaitAsync(TimeSpan.FromSeconds(30));

            var (code, stdout, stderr) = await CliRunner.RunAsync(
                new Dictionary<string, string?>
                {
                    ["AGENTFLOW__SMTP__HOST"] = "127.0.0.1",
                    ["AGENTFLOW__SMTP__PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["AGENTFLOW__SMTP__SECURITY"] = "none",
                },
                "run", file, "--input", "to=ana@example.com", "--data-dir", Path.Combine(_directory, "data"));

            Assert.True(code == 0, stderr);
            Assert.Equal("smtp", JsonNode.Parse(stdout)!["delivery"]!.GetValue<string>());
            var printed = await UntilAsync(text => text.Contains("Subject:    Build finished", StringComparison.Ordinal));
            Assert.Contains("To:         ana@example.com", printed, StringComparison.Ordinal);
            Assert.Contains("All green.", printed, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(_directory, "data", "outbox")));
        }
        finally
        {
            sink.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Run_WithSmtpLoginButPasswordVariableUnset_StartsNothingAndNamesTheSetting()
    {
        var file = Path.Combine(_directory, "notify.json");
        await File.WriteAllTextAsync(file, Workflow);

        var (code, _, stderr) = await CliRunner.RunAsync(
            new Dictionary<string, string?>
            {
                ["AGENTFLOW__SMTP__HOST"] = "127.0.0.1",
                ["AGENTFLOW__SMTP__USERNAME"] = "bot",
                ["AGENTFLOW__SMTP__PASSWORDENV"] = "AGENTFLOW_TEST_UNSET_SMTP_PASSWORD",
                ["AGENTFLOW_TEST_UNSET_SMTP_PASSWORD"] = null,
            },
            "run", file, "--input", "to=ana@example.com", "--data-dir", Path.Combine(_directory, "data"));

        Assert.Equal(2, code);
        Assert.Contains("the environment variable 'AGENTFLOW_TEST_UNSET_SMTP_PASSWORD' named by smtp.passwordEnv is not set", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithNoSmtpServerListening_StartsNothingAndNamesSmtpHost()
    {
        var file = Path.Combine(_directory, "notify.json");
        await File.WriteAllTextAsync(file, Workflow);
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, _, stderr) = await CliRunner.RunAsync(
            new Dictionary<string, string?> { ["AGENTFLOW__SMTP__HOST"] = "127.0.0.1", ["AGENTFLOW__SMTP__PORT"] = port, ["AGENTFLOW__SMTP__SECURITY"] = "none" },
            "run", file, "--input", "to=ana@example.com", "--data-dir", Path.Combine(_directory, "data"));

        Assert.Equal(2, code);
        Assert.Contains($"smtp.host: email tool 'mail' sends through SMTP server 127.0.0.1:{port}, but cannot connect to 127.0.0.1:{port} (connection refused)", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithUnknownSmtpSecurity_ReportsTheSetting()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(
            new Dictionary<string, string?> { ["AGENTFLOW__SMTP__HOST"] = "127.0.0.1", ["AGENTFLOW__SMTP__SECURITY"] = "tls1.3" },
            "run", "workflows/hello.json", "--input", "name=Ana", "--data-dir", Path.Combine(_directory, "data"));

        Assert.Equal(2, code);
        Assert.Contains("AGENTFLOW__SMTP__SECURITY: is 'tls1.3'; use auto, none, starttls or ssl", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newsletter_runs_offline_stops_for_the_editor_mails_through_smtp_and_the_next_issue_recalls_it()
    {
        await WithSinkAsync(async (smtp, data) =>
        {
            var token = (await CliRunner.RunAsync("operators", "add", "ed", "--role", "editor", "--email", "ed@example.com", "--data-dir", data)).Stdout.Trim();

            var first = await CliRunner.RunAsync(smtp, "run", "workflows/newsletter.json", "--data-dir", data);
            Assert.True(first.ExitCode == 4, first.Stderr);
            Assert.Contains("ok fetch (retrieve)", first.Stderr, StringComparison.Ordinal);
            Assert.Contains("8 items", first.Stderr, StringComparison.Ordinal);
            var runId = System.Text.RegularExpressions.Regex.Match(first.Stderr, @"run (weekly-newsletter-[0-9a-f]{8}) started").Groups[1].Value;

            // The editor is told through the same SMTP server.
            var notified = await UntilAsync(text => text.Contains($"approval needed: {runId} / review", StringComparison.Ordinal));
            Assert.Contains("ed@example.com", notified, StringComparison.Ordinal);

            var approved = await CliRunner.RunAsync(smtp, "approve", runId, "review", "--token", token, "--data-dir", data);
            Assert.True(approved.ExitCode == 0, approved.Stderr);
            var output = JsonNode.Parse(approved.Stdout)!;
            Assert.Equal(8, output["stories"]!.GetValue<int>());
            var subject = output["subject"]!.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(subject));
            var printed = await UntilAsync(text => text.Contains(subject, StringComparison.Ordinal));
            Assert.Contains("team@example.com", printed, StringComparison.Ordinal);

            // The second issue: the editor agent's memory of the first reaches the draft's model context.
            var second = await CliRunner.RunAsync(smtp, "run", "workflows/newsletter.json", "--data-dir", data);
            var secondId = System.Text.RegularExpressions.Regex.Match(second.Stderr, @"run (weekly-newsletter-[0-9a-f]{8}) started").Groups[1].Value;
            Assert.True((await CliRunner.RunAsync("reject", secondId, "review", "--token", token, "--comment", "repeats last week", "--data-dir", data)).ExitCode == 0);
            var shown = JsonNode.Parse((await CliRunner.RunAsync("show", secondId, "--format", "json", "--data-dir", data)).Stdout)!;
            var draft = shown["timeline"]!.AsArray().Single(t => t!["node"]!.GetValue<string>() == "draft")!;
            var messages = string.Join("\n", draft["output"]!["exchange"]!["messages"]!.AsArray().Select(m => m!["content"]?.GetValue<string>()));
            Assert.Contains($"Sent the LLMOps issue '{subject}'", messages, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Email_triage_sends_internal_replies_and_holds_external_ones_for_approval()
    {
        await WithSinkAsync(async (smtp, data) =>
        {
            var token = (await CliRunner.RunAsync("operators", "add", "sam", "--role", "support", "--data-dir", data)).Stdout.Trim();

            var run = await CliRunner.RunAsync(smtp, "run", "workflows/email-triage.json", "--data-dir", data);
            Assert.True(run.ExitCode == 4, run.Stderr);
            var runId = System.Text.RegularExpressions.Regex.Match(run.Stderr, @"run (email-triage-[0-9a-f]{8}) started").Groups[1].Value;
            var waiting = System.Text.RegularExpressions.Regex.Matches((await CliRunner.RunAsync("approvals", "--data-dir", data)).Stdout, @"(triage\[\d+\]\.approveReply)")
                .Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(waiting);
            var before = await UntilAsync(_ => true);

            var approved = await CliRunner.RunAsync(smtp, "approve", runId, waiting[0], "--token", token, "--data-dir", data);
            Assert.True(approved.ExitCode is 0 or 4, approved.Stderr);
            var after = await UntilAsync(text => System.Text.RegularExpressions.Regex.Count(text, "Subject:") > System.Text.RegularExpressions.Regex.Count(before, "Subject:"));
            Assert.Contains("Subject:    Re: ", after, StringComparison.Ordinal);
        });
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Runs <paramref name="body"/> with an <c>agentflow dev smtp</c> sink listening, the SMTP environment pointing at it, and a data dir.</summary>
    private async Task WithSinkAsync(Func<Dictionary<string, string?>, string, Task> body)
    {
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var smtp = new Dictionary<string, string?> { ["AGENTFLOW__SMTP__HOST"] = "127.0.0.1", ["AGENTFLOW__SMTP__PORT"] = port, ["AGENTFLOW__SMTP__SECURITY"] = "none" };
        using var sink = CliRunner.Start("dev", "smtp", "--port", port);
        try
        {
            await Watch(sink).WaitAsync(TimeSpan.FromSeconds(30));
            await body(smtp, Path.Combine(_directory, "data"));
        }
        finally
        {
            sink.Kill(entireProcessTree: true);
        }
    }

    // Collects the sink's stdout; the returned task completes once stderr says it is listening.
    private Task Watch(Process sink)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.OutputDataReceived += (_, e) =>
        {
            lock (_gate)
            {
                _sinkOutput.AppendLine(e.Data);
            }
        };
        sink.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on 127.0.0.1:", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        sink.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("agentflow dev smtp exited before listening"));
        sink.EnableRaisingEvents = true;
        sink.BeginOutputReadLine();
        sink.BeginErrorReadLine();
        return listening.Task;
    }

    private async Task<string> UntilAsync(Func<string, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            string text;
            lock (_gate)
            {
                text = _sinkOutput.ToString();
            }

            if (condition(text))
            {
                return text;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
