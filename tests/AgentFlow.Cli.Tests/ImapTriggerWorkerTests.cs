using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentFlow.Triggers.Tests.Imap;
using MailKit;
using Xunit.Abstractions;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// The IMAP trigger end to end: a real Dovecot, a real <c>agentflow worker --workflows</c> process killed with SIGKILL
/// as soon as it has started a run, and a second worker that finishes the job. Each mail starts exactly one run and is
/// moved exactly once, wherever the kill landed (between fires, between a fire and the move, after the moves).
/// </summary>
public sealed class ImapTriggerWorkerTests(DovecotFixture dovecot, ITestOutputHelper output) : TempDirectoryTest, IClassFixture<DovecotFixture>
{
    private const int Mails = 20;

    [Fact]
    public async Task Kill9_MidWay_ThenRestart_StartsOneRunPerMail_AndMovesEachOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (user, password) = await dovecot.AddUserAsync("e2e");
        var ids = Enumerable.Range(1, Mails).Select(i => $"mail-{i}.{user}@example.com").ToList();
        await dovecot.AppendAsync(user, password, ids.Select((id, i) => ImapTestMail.Text($"Question {i + 1}", $"Hello, this is mail {i + 1}.", messageId: id)));
        var folder = Path.Combine(Root, "workflows");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "mail.json"), Workflow(dovecot.Port, user));
        var environment = new Dictionary<string, string?> { ["E2E_IMAP_PASSWORD"] = password };

        string? line;
        using (var first = CliRunner.Start(environment, "worker", "--workflows", folder, "--data-dir", DataDir, "--verbose"))
        {
            // Kill the moment the first run has started: the other mails are being fired or moved, or not yet.
            while ((line = await first.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.Contains("started run", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(timeout.Token);
        }

        // Where the kill landed, for the record (any point must end with one run per mail).
        output.WriteLine($"killed at: {line}");
        output.WriteLine($"after the kill: {(await RunsAsync(timeout.Token)).Count} runs, {(await dovecot.ListAsync(user, password, "Done")).Count} mails moved");

        using var second = CliRunner.Start(environment, "worker", "--workflows", folder, "--data-dir", DataDir);
        second.ErrorDataReceived += (_, _) => { };
        second.OutputDataReceived += (_, _) => { };
        second.BeginErrorReadLine();
        second.BeginOutputReadLine();
        try
        {
            var runs = await WaitAsync(async () =>
            {
                var moved = await dovecot.ListAsync(user, password, "Done");
                if (moved.Count < Mails)
                {
                    return null;
                }

                var listed = await RunsAsync(timeout.Token);
                return listed.Count >= Mails && listed.All(r => r.Status == "completed") ? listed : null;
            }, timeout.Token);

            Assert.Equal(Mails, runs.Count);
            Assert.Equal(Mails, runs.Select(r => r.RunId).Distinct().Count());
            Assert.Equal(ids.Order(StringComparer.Ordinal), runs.Select(r => r.Key).Order(StringComparer.Ordinal));
            Assert.All(runs, r => Assert.Equal("mail/inbox", r.Trigger));
            var done = await dovecot.ListAsync(user, password, "Done");
            Assert.Equal(ids.Order(StringComparer.Ordinal), done.Select(m => m.MessageId!).Order(StringComparer.Ordinal));
            Assert.Empty(await dovecot.ListAsync(user, password));
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync(CancellationToken.None);
        }

        // Nothing more arrives later: the restarted worker fired each mail at most once more and the host deduped it.
        Assert.Equal(Mails, (await RunsAsync(timeout.Token)).Count);
    }

    private static string Workflow(int port, string user) => $$$"""
        {
          "name": "mail",
          "inputs": { "subject": { "type": "string" }, "from": { "type": "string" } },
          "triggers": {
            "inbox": {
              "kind": "imap", "host": "127.0.0.1", "port": {{{port.ToString(CultureInfo.InvariantCulture)}}}, "security": "none",
              "username": "{{{user}}}", "passwordEnv": "E2E_IMAP_PASSWORD", "after": { "moveTo": "Done" }, "poll": "PT1S",
              "inputs": { "subject": "{{ message.subject }}", "from": "{{ message.from.address }}" }
            }
          },
          "start": "pause",
          "nodes": {
            "pause": { "kind": "wait", "for": "PT0.2S", "next": "note" },
            "note": { "kind": "set", "values": { "seen": "{{ inputs.subject }} from {{ inputs.from }}" } }
          },
          "output": { "seen": "{{ note.seen }}" }
        }
        """;

    private async Task<List<(string RunId, string Status, string? Trigger, string? Key)>> RunsAsync(CancellationToken cancellationToken)
    {
        var (exitCode, stdout, stderr) = await CliRunner.RunAsync("runs", "--workflow", "mail", "--format", "json", "--data-dir", DataDir);
        Assert.True(exitCode == 0, stderr);
        cancellationToken.ThrowIfCancellationRequested();
        using var doc = JsonDocument.Parse(stdout);
        return [.. doc.RootElement.EnumerateArray().Select(r => (
            r.GetProperty("runId").GetString()!,
            r.GetProperty("status").GetString()!,
            r.TryGetProperty("origin", out var o) && o.ValueKind == JsonValueKind.Object ? o.GetProperty("trigger").GetString() : null,
            r.TryGetProperty("origin", out var k) && k.ValueKind == JsonValueKind.Object ? k.GetProperty("key").GetString() : null))];
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
