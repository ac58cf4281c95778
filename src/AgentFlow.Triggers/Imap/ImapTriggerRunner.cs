using AgentFlow.Core.Model.Triggers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentFlow.Triggers.Imap;

/// <summary>
/// Runs <c>imap</c> triggers: signs in to the mailbox, fires one run per matching message (oldest UID first) with
/// the message's key, then marks it \Seen or moves it (<c>after</c>), and waits for new mail with IDLE (or polls).
/// A crash between "run started" and "marked" only fires the same key again, which the host answers with the run
/// it started before, so no mail starts two runs. Connection, login and folder problems are reported to the host
/// and retried with exponential backoff; only cancellation ends <see cref="RunAsync"/>.
/// </summary>
public sealed class ImapTriggerRunner : ITriggerRunner
{
    private readonly ImapTriggerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the runner.</summary>
    public ImapTriggerRunner(IOptions<ImapTriggerOptions> options, ILogger<ImapTriggerRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public TriggerKind Kind => TriggerKind.Imap;

    /// <inheritdoc />
    public async Task RunAsync(TriggerRegistration registration, ITriggerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(context);
        if (registration.Trigger is not ImapTrigger trigger)
        {
            throw new ArgumentException($"trigger '{registration.Id}' is a {registration.Trigger.Kind} trigger, not imap", nameof(registration));
        }

        // Mail not to fire again until the workflow file changes (a new RunAsync) or the host restarts, by UIDVALIDITY
        // and UID: mail whose inputs the workflow refused (left unmarked, so one bad mail does not spin), and mail
        // marked \Seen that a filter without `unseen` still finds.
        var skip = new HashSet<(uint Validity, uint Uid)>();
        var backoff = _options.InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var session = new ImapWatchSession(registration, trigger, context, _options, _logger, skip);
            try
            {
                await session.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                if (session.Watching)
                {
                    backoff = _options.InitialBackoff;
                }

                var problem = ImapProblem.Describe(trigger, exception);
                ImapLog.Problem(_logger, registration.Id, problem, backoff, exception is ImapProblemException ? null : exception);
                if (!await ReportAsync(registration, context, problem, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
            finally
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(backoff, context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private async Task<bool> ReportAsync(TriggerRegistration registration, ITriggerContext context, string problem, CancellationToken cancellationToken)
    {
        try
        {
            await context.ReportErrorAsync(registration, problem, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The host's store is down too: the log keeps the problem; keep retrying the mailbox.
            ImapLog.Problem(_logger, registration.Id, "could not record the problem: " + exception.Message, _options.InitialBackoff, exception);
            return true;
        }
    }
}
