using AgentFlow.Core.Model.Triggers;
using AgentFlow.Triggers.Imap;
using MailKit;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Triggers.Tests.Imap;

[Collection(DovecotTests.Name)]
public sealed class ImapTriggerRunnerTests(DovecotFixture dovecot)
{
    [Fact]
    public async Task RunAsync_TwentyMails_FiresEachOnceAndMovesEachOnce()
    {
        var (user, password) = await dovecot.AddUserAsync("move");
        await dovecot.AppendAsync(user, password, Enumerable.Range(1, 20).Select(i => ImapTestMail.Text($"Mail {i}")));
        var context = new RecordingTriggerContext(TimeProvider.System);

        await using (var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password, moveTo: "Processed"), context))
        {
            await RunningTrigger.WaitForMailboxAsync(async () => (await dovecot.ListAsync(user, password, "Processed")).Count >= 20, "20 mails in Processed");
            await running.StopAsync();
        }

        Assert.Equal(20, context.Firings.Count);
        Assert.Equal(20, context.Firings.Select(f => f.Key).Distinct().Count());
        Assert.Equal(20, context.RunsStarted);
        Assert.Empty(await dovecot.ListAsync(user, password));
        var moved = await dovecot.ListAsync(user, password, "Processed");
        Assert.Equal(20, moved.Count);
        Assert.Equal(20, moved.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(context.Firings.Select(f => f.Key).Order(), moved.Select(m => m.MessageId!).Order());
        Assert.Empty(context.Errors);
        Assert.Equal("mail \"Mail 1\" from ana@example.com", context.Firings[0].Summary);
    }

    [Fact]
    public async Task RunAsync_MarkSeen_FiresEachOnceAndFlagsSeen()
    {
        var (user, password) = await dovecot.AddUserAsync("seen");
        await dovecot.AppendAsync(user, password, Enumerable.Range(1, 5).Select(i => ImapTestMail.Text($"Mail {i}")));
        var context = new RecordingTriggerContext(TimeProvider.System);

        await using (var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password, moveTo: null), context))
        {
            await RunningTrigger.WaitForMailboxAsync(async () => (await dovecot.ListAsync(user, password)).All(m => m.Flags.HasFlag(MessageFlags.Seen)), "5 mails marked seen");
            await running.StopAsync();
        }

        Assert.Equal(5, context.Firings.Select(f => f.Key).Distinct().Count());
        Assert.Equal(5, context.Firings.Count);
        Assert.Equal(5, (await dovecot.ListAsync(user, password)).Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_CrashBetweenFireAndMove_RefiresSameKeyAndMovesOnce(bool withMessageId)
    {
        var (user, password) = await dovecot.AddUserAsync("crash");
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("Only mail", messageId: "crash-1@example.com", withMessageId: withMessageId)]);
        var registration = ImapTestMail.Registration(dovecot, user, password, moveTo: "Processed");
        var context = new RecordingTriggerContext(TimeProvider.System);

        // First life: the host started the run, then the process "dies" before the mail is moved.
        await using (var first = RunningTrigger.Start(registration, context))
        {
            context.AfterFire = _ => first.Cancel();
            await first.Run.WaitAsync(TimeSpan.FromSeconds(90));
        }

        Assert.Single(context.Firings);
        Assert.Single(await dovecot.ListAsync(user, password));

        // Second life: the same mail is fired again with the same key; the host answers with the existing run.
        context.AfterFire = null;
        await using (var second = RunningTrigger.Start(registration, context))
        {
            await RunningTrigger.WaitForMailboxAsync(async () => (await dovecot.ListAsync(user, password, "Processed")).Count >= 1, "the mail moved");
            await second.StopAsync();
        }

        var key = withMessageId ? "crash-1@example.com" : context.Firings[0].Key;
        Assert.StartsWith(withMessageId ? "crash-1@" : "sha256:", key, StringComparison.Ordinal);
        Assert.Equal([key, key], context.Firings.Select(f => f.Key));
        Assert.Equal(1, context.RunsStarted);
        Assert.Empty(await dovecot.ListAsync(user, password));
        Assert.Single(await dovecot.ListAsync(user, password, "Processed"));
    }

    [Fact]
    public async Task RunAsync_MailArrivesDuringIdle_FiresIt()
    {
        var (user, password) = await dovecot.AddUserAsync("idle");
        // A clock that never moves: neither a poll nor an IDLE renewal can find the mail, only the server's notice.
        var context = new RecordingTriggerContext(new FakeTimeProvider());
        var logger = new RecordingLogger(context);

        await using var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password), context, logger: logger);
        await context.WaitUntilAsync(_ => logger.Count(RecordingLogger.Waiting) >= 1, "the runner to wait for mail");
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("While idle", messageId: "idle-1@example.com")]);

        await context.WaitUntilAsync(c => c.Firings.Count >= 1, "the mail appended during IDLE to fire");
        Assert.Equal("idle-1@example.com", context.Firings[0].Key);
        Assert.Contains(logger.Lines, l => l.Contains("(idle)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoIdle_PollsOnTheClock()
    {
        var (user, password) = await dovecot.AddUserAsync("poll");
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("First", messageId: "poll-1@example.com")]);
        var clock = new FakeTimeProvider();
        var context = new RecordingTriggerContext(clock);
        var logger = new RecordingLogger(context);
        var options = new ImapTriggerOptions { UseIdle = false };

        await using var running = RunningTrigger.Start(ImapTestMail.Registration(dovecot, user, password), context, options, logger);
        await context.WaitUntilAsync(c => c.Firings.Count >= 1 && logger.Count(RecordingLogger.Waiting) >= 1, "the first mail and the first wait");
        await dovecot.AppendAsync(user, password, [ImapTestMail.Text("Second", messageId: "poll-2@example.com")]);
        Assert.Single(context.Firings);

        await context.WaitUntilAsync(c => c.Firings.Count >= 2, "the poll to find the second mail", nudge: () => clock.Advance(TimeSpan.FromMinutes(1)));
        Assert.Equal(["poll-1@example.com", "poll-2@example.com"], context.Firings.Select(f => f.Key));
        Assert.Contains(logger.Lines, l => l.Contains("polling every 00:01:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_FilterFromAndSubject_FiresOnlyMatchingMail()
    {
        var (user, password) = await dovecot.AddUserAsync("filter");
        await dovecot.AppendAsync(user, password,
        [
            ImapTestMail.Text("Invoice 1", from: "billing@shop.example", messageId: "f-1@example.com"),
            ImapTestMail.Text("Newsletter", from: "billing@shop.example", messageId: "f-2@example.com"),
            ImapTestMail.Text("Invoice 2", from: "bob@other.example", messageId: "f-3@example.com"),
            ImapTestMail.Text("Invoice 3", from: "billing@shop.example", messageId: "f-4@example.com"),
        ]);
        var context = new RecordingTriggerContext(TimeProvider.System);
        var logger = new RecordingLogger(context);
        var registration = ImapTestMail.Registration(dovecot, user, password, filter: new ImapFilter(From: "shop.example", Subject: "Invoice"));

        await using (var running = RunningTrigger.Start(registration, context, logger: logger))
        {
            await context.WaitUntilAsync(_ => logger.Count(RecordingLogger.Waiting) >= 1, "the runner to finish the folder");
            await running.StopAsync();
        }

        Assert.Equal(["f-1@example.com", "f-4@example.com"], context.Firings.Select(f => f.Key));
        Assert.Equal(["f-2@example.com", "f-3@example.com"], (await dovecot.ListAsync(user, password)).Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task RunAsync_MarkSeenWithoutUnseenFilter_DoesNotFireMarkedMailAgain()
    {
        var (user, password) = await dovecot.AddUserAsync("all");
        await dovecot.AppendAsync(user, password, Enumerable.Range(1, 3).Select(i => ImapTestMail.Text($"Mail {i}")));
        var clock = new FakeTimeProvider();
        var context = new RecordingTriggerContext(clock);
        var logger = new RecordingLogger(context);
        var registration = ImapTestMail.Registration(dovecot, user, password, moveTo: null, filter: new ImapFilter(Unseen: false));

        await using (var running = RunningTrigger.Start(registration, context, new ImapTriggerOptions { UseIdle = false }, logger))
        {
            await context.WaitUntilAsync(_ => logger.Count(RecordingLogger.Waiting) >= 3, "two more polls", nudge: () => clock.Advance(TimeSpan.FromMinutes(1)));
            await running.StopAsync();
        }

        Assert.Equal(3, context.Firings.Count);
        Assert.Equal(3, context.Firings.Select(f => f.Key).Distinct().Count());
    }
}
