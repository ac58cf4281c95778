using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Runs;
using AgentFlow.Triggers;
using AgentFlow.Triggers.Imap;
using AgentFlow.Triggers.State;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AgentFlow.Bench;

/// <summary>
/// The IMAP trigger against a Dovecot of its own on 127.0.0.1 (infra/local/dovecot.sh), watching the INBOX with IDLE
/// and starting one run of a one-node workflow per mail on the embedded backend, then moving the mail. 1000 mails in
/// two phases: 100 appended one at a time, each once the previous one's run exists and the trigger is idle again
/// (append → run created, p50: what a sender waits for; Dovecot tells IDLE clients of new mail 500 ms after it
/// notices it, NOTIFY_DELAY_MSECS in its mailbox-watch.c), then 900 appended at once with MULTIAPPEND (runs created per second, from that append to the
/// last run: what the trigger keeps up with).
/// </summary>
internal static class TriggersBench
{
    private const int Warmup = 20;
    private const int Mails = 1000;
    private const int Paced = 100;
    private const string PasswordEnv = "AGENTFLOW_BENCH_IMAP_PASSWORD";
    private const string Workflow = """
        { "name": "bench-mail", "inputs": { "subject": { "type": "string", "default": "" } }, "start": "note",
          "nodes": { "note": { "kind": "set", "values": { "seen": "{{ inputs.subject }}" } } } }
        """;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("agentflow-bench-triggers-").FullName;
        // A folder of its own: Dovecot's mail processes (user vmail) must reach it, and the script opens only it.
        var dovecotHome = Directory.CreateTempSubdirectory("agentflow-bench-dovecot-").FullName;
        var port = FreePort();
        try
        {
            await DovecotAsync(dovecotHome, port, cancellationToken, "start");
            await DovecotAsync(dovecotHome, port, cancellationToken, "add-user", "bench", "bench-secret");
            Environment.SetEnvironmentVariable(PasswordEnv, "bench-secret");

            await using var host = await BenchHost.OpenAsync(directory, cancellationToken);
            var file = Path.Combine(directory, "bench-mail.json");
            await File.WriteAllTextAsync(file, Workflow, cancellationToken);
            var prepared = await host.Client.PrepareAsync(file, null, cancellationToken);
            // The host's own context: the real mapping, run ids, start-once and triggers.db, timed.
            var context = new TimedTriggerContext(new TriggerHostContext(
                new TriggerStateStore(Path.Combine(directory, "triggers")), new TriggerRuns(() => host.Client), TimeProvider.System, NullLogger.Instance));
            var registration = new TriggerRegistration(file, prepared.Workflow, new ImapTrigger
            {
                Name = "inbox",
                JsonPath = "$.triggers.inbox",
                Host = "127.0.0.1",
                Port = port,
                Security = ImapSecurity.None,
                Username = "bench",
                PasswordEnv = PasswordEnv,
                MoveTo = "Processed",
                Inputs = new Dictionary<string, JsonElement> { ["subject"] = JsonDocument.Parse("\"{{ message.subject }}\"").RootElement.Clone() },
            });

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var runner = new ImapTriggerRunner(Options.Create(new ImapTriggerOptions()));
            var running = Task.Run(() => runner.RunAsync(registration, context, stop.Token), cancellationToken);

            using var appender = new ImapClient();
            await appender.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None, cancellationToken);
            await appender.AuthenticateAsync("bench", "bench-secret", cancellationToken);

            // Warm-up (JIT, the engine's first runs, the trigger's first IDLE), not measured.
            await AppendAsync(appender, "warmup", Warmup, new Dictionary<string, long>(), cancellationToken);
            await UntilAsync(() => context.Created.Count >= Warmup, cancellationToken);

            var paced = new Dictionary<string, long>();
            for (var i = 0; i < Paced; i++)
            {
                await AppendAsync(appender, $"paced {i}", 1, paced, cancellationToken);
                await UntilAsync(() => context.Created.Count >= Warmup + i + 1, cancellationToken);

                // Let the trigger move the mail and go back to IDLE, as between mails that arrive on their own; else
                // the next append lands before its next search and skips the IDLE notice (Dovecot delays it 500 ms).
                await Task.Delay(100, cancellationToken);
            }

            var burst = new Dictionary<string, long>();
            await AppendAsync(appender, "burst", Mails - Paced, burst, cancellationToken);
            var appendedAt = Stopwatch.GetTimestamp();
            await UntilAsync(() => context.Created.Count >= Warmup + Mails, cancellationToken);
            await stop.CancelAsync();
            await running;

            var latencies = paced.Select(a => Stopwatch.GetElapsedTime(a.Value, context.Created[a.Key]).TotalMilliseconds).Order().ToList();
            var seconds = Stopwatch.GetElapsedTime(burst.Values.Min(), burst.Keys.Max(k => context.Created[k])).TotalSeconds;
            await Console.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"bench triggers: mail to run p90 {latencies[(int)(latencies.Count * 0.9)]:0.0} ms, max {latencies[^1]:0.0} ms; MULTIAPPEND of {Mails - Paced} took {Stopwatch.GetElapsedTime(burst.Values.Min(), appendedAt).TotalMilliseconds:0} ms; time in the host's fire {Stopwatch.GetElapsedTime(0, context.FireTicks).TotalSeconds / (Warmup + Mails) * 1000:0.0} ms/mail; trigger problems {context.Errors}"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT bench=triggers mails={Mails} mail_to_run_p50_ms={latencies[latencies.Count / 2]:0.0} runs_per_s={(Mails - Paced) / seconds:0.0}"));
            return 0;
        }
        finally
        {
            await DovecotAsync(dovecotHome, port, CancellationToken.None, "stop");
            Directory.Delete(directory, recursive: true);
            Directory.Delete(dovecotHome, recursive: true);
        }
    }

    /// <summary>Appends <paramref name="count"/> mails in one command (MULTIAPPEND when the server has it).</summary>
    private static async Task AppendAsync(ImapClient client, string prefix, int count, Dictionary<string, long> appended, CancellationToken cancellationToken)
    {
        var requests = new List<IAppendRequest>();
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress("Ana", "ana@example.com"));
            message.To.Add(new MailboxAddress("Bench", "bench@example.com"));
            message.Subject = $"{prefix} {i}";
            message.MessageId = $"{prefix.Replace(' ', '-')}-{i}@bench.example";
            message.Body = new TextPart("plain") { Text = $"Body of {prefix} {i}." };
            appended[message.MessageId] = now;
            requests.Add(new AppendRequest(message, MessageFlags.None));
        }

        if (requests.Count == 1)
        {
            await client.Inbox.AppendAsync(requests[0], cancellationToken);
        }
        else
        {
            await client.Inbox.AppendAsync(requests, cancellationToken);
        }
    }

    private static async Task UntilAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        while (!done())
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task DovecotAsync(string home, int port, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(RepoRoot(), "infra", "local", "dovecot.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOVECOT_HOME"] = home;
        start.Environment["DOVECOT_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"infra/local/dovecot.sh {arguments[0]} failed ({process.ExitCode}); is dovecot-imapd installed and are you root?");
        }
    }

    private static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AgentFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("AgentFlow.sln not found above the bench binaries");
    }
}
