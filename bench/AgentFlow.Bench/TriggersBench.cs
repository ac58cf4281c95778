using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Runs;
using AgentFlow.Triggers;
using AgentFlow.Triggers.Imap;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AgentFlow.Bench;

/// <summary>
/// The IMAP trigger against a Dovecot of its own on 127.0.0.1 (infra/local/dovecot.sh): 1000 mails are appended
/// (IMAP APPEND, one connection, as fast as it goes) while the trigger watches the INBOX with IDLE and starts one run
/// of a one-node workflow per mail on the embedded backend, then moves the mail. Measures append → run created per
/// mail (p50) and runs created per second from the first append to the last run.
/// </summary>
internal static class TriggersBench
{
    private const int Warmup = 20;
    private const int Mails = 1000;
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
            var context = new EngineTriggerContext(host.Client, file);
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

            var appended = new Dictionary<string, long>();
            var first = Stopwatch.GetTimestamp();
            await AppendAsync(appender, "mail", Mails, appended, cancellationToken);
            await UntilAsync(() => context.Created.Count >= Warmup + Mails, cancellationToken);
            await stop.CancelAsync();
            await running;

            var latencies = appended.Select(a => Stopwatch.GetElapsedTime(a.Value, context.Created[a.Key]).TotalMilliseconds).Order().ToList();
            var last = appended.Keys.Max(k => context.Created[k]);
            var seconds = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
            var appendSeconds = Stopwatch.GetElapsedTime(first, appended.Values.Max()).TotalSeconds;
            await Console.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"bench triggers: appends {Mails / appendSeconds:0} mails/s; mail to run p90 {latencies[(int)(latencies.Count * 0.9)]:0.0} ms, max {latencies[^1]:0.0} ms; time in the host's fire {Stopwatch.GetElapsedTime(0, context.FireTicks).TotalSeconds / (Warmup + Mails) * 1000:0.0} ms/mail; trigger problems {context.Errors}"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT bench=triggers mails={Mails} mail_to_run_p50_ms={latencies[latencies.Count / 2]:0.0} runs_per_s={Mails / seconds:0.0}"));
            return 0;
        }
        finally
        {
            await DovecotAsync(dovecotHome, port, CancellationToken.None, "stop");
            Directory.Delete(directory, recursive: true);
            Directory.Delete(dovecotHome, recursive: true);
        }
    }

    private static async Task AppendAsync(ImapClient client, string prefix, int count, Dictionary<string, long> appended, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress("Ana", "ana@example.com"));
            message.To.Add(new MailboxAddress("Bench", "bench@example.com"));
            message.Subject = $"{prefix} {i}";
            message.MessageId = $"{prefix}-{i}@bench.example";
            message.Body = new TextPart("plain") { Text = $"Body of {prefix} {i}." };
            appended[message.MessageId] = Stopwatch.GetTimestamp();
            await client.Inbox.AppendAsync(message, MessageFlags.None, cancellationToken);
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
