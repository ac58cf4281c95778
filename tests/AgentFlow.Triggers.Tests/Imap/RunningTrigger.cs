using AgentFlow.Triggers.Imap;
using Microsoft.Extensions.Options;

namespace AgentFlow.Triggers.Tests.Imap;

/// <summary>An <see cref="ImapTriggerRunner"/> running in the background until stopped.</summary>
internal sealed class RunningTrigger : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private RunningTrigger(TriggerRegistration registration, ITriggerContext context, ImapTriggerOptions options, RecordingLogger? logger)
    {
        var runner = new ImapTriggerRunner(Options.Create(options), logger);
        Run = Task.Run(() => runner.RunAsync(registration, context, _stop.Token));
    }

    public Task Run { get; }

    public static RunningTrigger Start(TriggerRegistration registration, ITriggerContext context, ImapTriggerOptions? options = null, RecordingLogger? logger = null) =>
        new(registration, context, options ?? new ImapTriggerOptions(), logger);

    /// <summary>Cancels the runner and waits for it to end (it must end without an exception).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Run.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
    }

    public void Cancel() => _stop.Cancel();

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    /// <summary>Polls the mailbox until <paramref name="condition"/> holds (a minute and a half at most).</summary>
    public static async Task WaitForMailboxAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
