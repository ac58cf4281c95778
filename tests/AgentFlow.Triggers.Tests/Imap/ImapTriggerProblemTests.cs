using System.Net;
using System.Net.Sockets;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Triggers.Imap;
using MailKit;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Triggers.Tests.Imap;

[Collection(DovecotTests.Name)]
public sealed class ImapTriggerProblemTests(DovecotFixture dovecot)
{
    [Fact]
    public async Task RunAsync_WrongPassword_ReportsRetriesAndRecoversWhenFixed()
    {
        var (user, password) = await dovecot.AddUserAsync("auth");
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("Waiting", messageId: "auth-1@example.com")]);
        var registration = ImapTestMail.Registration(dovecot, user, "not-the-password");
        var clock = new FakeTimeProvider();
        var context = new RecordingTriggerContext(clock);

        await using var running = RunningTrigger.Start(registration, context);
        await context.WaitUntilAsync(c => c.Errors.Count >= 1, "the failed login to be reported");
        Assert.Contains($"login as '{user}' at 127.0.0.1:{dovecot.Port} failed", context.Errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", context.Errors[0], StringComparison.Ordinal);
        Assert.Empty(context.Firings);

        // The retry waits on the host's clock: moving it brings a second attempt.
        await context.WaitUntilAsync(c => c.Errors.Count >= 2, "a second login attempt", nudge: () => clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.False(running.Run.IsCompleted);

        Environment.SetEnvironmentVariable(ImapTestMail.PasswordEnv(registration), password);
        await context.WaitUntilAsync(c => c.Firings.Count >= 1 && c.Healthy >= 1, "the login with the fixed password", nudge: () => clock.Advance(TimeSpan.FromSeconds(5)));
        Assert.Equal("auth-1@example.com", context.Firings[0].Key);
        await running.StopAsync();
    }

    [Fact]
    public async Task RunAsync_MissingPasswordVariable_ReportsTheVariable()
    {
        var (user, password) = await dovecot.AddUserAsync("env");
        var registration = ImapTestMail.Registration(dovecot, user, password);
        var variable = ImapTestMail.PasswordEnv(registration);
        Environment.SetEnvironmentVariable(variable, null);
        var clock = new FakeTimeProvider();
        var context = new RecordingTriggerContext(clock);

        await using var running = RunningTrigger.Start(registration, context);
        await context.WaitUntilAsync(c => c.Errors.Count >= 1, "the missing variable to be reported");

        Assert.Contains($"environment variable {variable}", context.Errors[0], StringComparison.Ordinal);
        Assert.Contains("$.triggers.inbox.passwordEnv", context.Errors[0], StringComparison.Ordinal);
        Environment.SetEnvironmentVariable(variable, password);
        await context.WaitUntilAsync(c => c.Healthy >= 1, "the login once the variable is set", nudge: () => clock.Advance(TimeSpan.FromSeconds(5)));
        await running.StopAsync();
    }

    [Fact]
    public async Task RunAsync_ConnectionRefused_ReportsAndKeepsRunning()
    {
        var (user, password) = await dovecot.AddUserAsync("refused");
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var context = new RecordingTriggerContext(new FakeTimeProvider());
        await using var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password, port: closedPort), context);
        await context.WaitUntilAsync(c => c.Errors.Count >= 1, "the refused connection to be reported");

        Assert.Contains($"cannot connect to IMAP server 127.0.0.1:{closedPort}", context.Errors[0], StringComparison.Ordinal);
        Assert.Contains(user, context.Errors[0], StringComparison.Ordinal);
        Assert.False(running.Run.IsCompleted);
        await running.StopAsync();
        Assert.True(running.Run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_CanceledWhileIdle_EndsWithoutException()
    {
        var (user, password) = await dovecot.AddUserAsync("cancel");
        var context = new RecordingTriggerContext(new FakeTimeProvider());
        var logger = new RecordingLogger(context);

        await using var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password), context, logger: logger);
        await context.WaitUntilAsync(_ => logger.Count(RecordingLogger.Waiting) >= 1, "the runner to idle");
        await running.StopAsync();

        Assert.True(running.Run.IsCompletedSuccessfully);
        Assert.Empty(context.Errors);
    }

    [Fact]
    public async Task RunAsync_InputsRefused_LeavesMailUnmarkedAndDoesNotRetryIt()
    {
        var (user, password) = await dovecot.AddUserAsync("refuse");
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("Bad", messageId: "bad@example.com"), ImapTestMail.Text("Good", messageId: "good@example.com")]);
        var clock = new FakeTimeProvider();
        var context = new RecordingTriggerContext(clock) { RefuseInputs = f => f.Key == "bad@example.com" };
        var logger = new RecordingLogger(context);
        var options = new ImapTriggerOptions { UseIdle = false };

        await using (var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password, moveTo: null), context, options, logger))
        {
            // Three more polls of the folder: the refused mail must not be fired (or reported) again.
            await context.WaitUntilAsync(_ => logger.Count(RecordingLogger.Waiting) >= 4, "three more polls", nudge: () => clock.Advance(TimeSpan.FromMinutes(1)));
            await running.StopAsync();
        }

        Assert.Equal(["good@example.com"], context.Firings.Select(f => f.Key));
        var problem = Assert.Single(context.Errors);
        Assert.Contains("left unmarked", problem, StringComparison.Ordinal);
        Assert.Contains("mail \"Bad\" from ana@example.com", problem, StringComparison.Ordinal);
        var inbox = await dovecot.ListAsync(user, password);
        Assert.False(inbox.Single(m => m.MessageId == "bad@example.com").Flags.HasFlag(MessageFlags.Seen));
        Assert.True(inbox.Single(m => m.MessageId == "good@example.com").Flags.HasFlag(MessageFlags.Seen));
    }

    [Fact]
    public async Task RunAsync_Paused_StartsNothingUntilResumed()
    {
        var (user, password) = await dovecot.AddUserAsync("pause");
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("Held", messageId: "held@example.com")]);
        var clock = new FakeTimeProvider();
        var context = new RecordingTriggerContext(clock) { Paused = true };
        var logger = new RecordingLogger(context);

        await using var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password), context, logger: logger);
        await context.WaitUntilAsync(_ => logger.Count(RecordingLogger.Waiting) >= 1, "the paused runner to wait");
        Assert.Empty(context.Firings);
        Assert.Single(await dovecot.ListAsync(user, password));

        context.Paused = false;
        await context.WaitUntilAsync(c => c.Firings.Count >= 1, "the resumed trigger to fire", nudge: () => clock.Advance(TimeSpan.FromSeconds(30)));
        Assert.Equal("held@example.com", context.Firings[0].Key);
        await running.StopAsync();
    }

    [Fact]
    public async Task RunAsync_FolderMissing_ReportsTheFolder()
    {
        var (user, password) = await dovecot.AddUserAsync("folder");
        var registration = ImapTestMail.Registration(dovecot, user, password);
        registration = registration with { Trigger = (ImapTrigger)registration.Trigger with { Folder = "Nope" } };
        var context = new RecordingTriggerContext(new FakeTimeProvider());

        await using var running = RunningTrigger.Start(registration, context);
        await context.WaitUntilAsync(c => c.Errors.Count >= 1, "the missing folder to be reported");

        Assert.Contains($"folder 'Nope' does not exist for '{user}' at 127.0.0.1:{dovecot.Port}", context.Errors[0], StringComparison.Ordinal);
        Assert.Contains("$.triggers.inbox.folder", context.Errors[0], StringComparison.Ordinal);
        await running.StopAsync();
    }

    [Fact]
    public async Task RunAsync_ConnectionDropped_ReportsAndReconnects()
    {
        var (user, password) = await dovecot.AddUserAsync("kick");
        var clock = new FakeTimeProvider();
        var context = new RecordingTriggerContext(clock);
        var logger = new RecordingLogger(context);

        await using var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password), context, logger: logger);
        await context.WaitUntilAsync(_ => logger.Count(RecordingLogger.Waiting) >= 1, "the runner to idle");
        await dovecot.KickAsync(user);
        await context.WaitUntilAsync(c => c.Errors.Count >= 1, "the dropped connection to be reported");
        Assert.Contains($"127.0.0.1:{dovecot.Port} as '{user}'", context.Errors[0], StringComparison.Ordinal);

        await context.WaitUntilAsync(c => c.Healthy >= 2, "the reconnect", nudge: () => clock.Advance(TimeSpan.FromSeconds(1)));
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("After the drop", messageId: "kick-1@example.com")]);
        await context.WaitUntilAsync(c => c.Firings.Count >= 1, "the mail after the reconnect", nudge: () => clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal("kick-1@example.com", context.Firings[0].Key);
        await running.StopAsync();
    }
}
