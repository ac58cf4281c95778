using AgentFlow.Core;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Triggers.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Triggers.Schedules;

/// <summary>
/// Runs <c>schedule</c> triggers: waits for each tick (plus its jitter) on the context's clock only, fires it unless the
/// trigger is paused or an earlier run still goes (<c>overlap</c>), and stores the tick handled as the cursor. At start,
/// missed ticks since the cursor within <c>catchUp</c> are started (each with <c>allow</c>, else the latest only).
/// </summary>
public sealed class ScheduleTriggerRunner(TriggerStateStore store, TriggerRuns runs, IOptions<TriggerHostOptions> options, ILogger<ScheduleTriggerRunner> logger) : ITriggerRunner
{
    /// <inheritdoc />
    public TriggerKind Kind => TriggerKind.Schedule;

    /// <inheritdoc />
    public async Task RunAsync(TriggerRegistration registration, ITriggerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(context);
        if (registration.Trigger is not ScheduleTrigger schedule)
        {
            throw new ArgumentException($"trigger '{registration.Id}' is a {registration.Trigger.Kind} trigger, not a schedule", nameof(registration));
        }

        ScheduleClock clock;
        try
        {
            clock = ScheduleClock.Create(schedule);
        }
        catch (ArgumentException ex)
        {
            await context.ReportErrorAsync(registration, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var time = context.Time;
        var id = registration.Id;
        var state = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var cursor = ScheduleFirings.ParseKey(state.Cursor);
        if (cursor is { } from && schedule.CatchUp is { } window)
        {
            var missed = clock.Between(from > now - window ? from : now - window, now).ToList();
            foreach (var tick in schedule.Overlap == ScheduleOverlap.Allow ? missed : missed.TakeLast(1))
            {
                var missedKey = TriggerRunIds.TickKey(tick);
                Log.CatchingUp(logger, id, missedKey);
                await HandleTickAsync(registration, schedule, clock, context, tick, cancellationToken).ConfigureAwait(false);
            }
        }

        if (cursor is null)
        {
            // A new trigger: nothing before now is missed, but from here on a downtime is caught up (within catchUp).
            await store.SetCursorAsync(id, TriggerRunIds.TickKey(now), cancellationToken).ConfigureAwait(false);
        }

        var after = cursor is { } c && c > now ? c : now;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (clock.Next(after) is not { } tick)
            {
                return;
            }

            var due = tick + ScheduleClock.Jitter(id, TriggerRunIds.TickKey(tick), schedule.Jitter);
            while (time.GetUtcNow() < due)
            {
                var wait = due - time.GetUtcNow();
                var buffered = schedule.Overlap == ScheduleOverlap.BufferOne && (await store.GetAsync(id, cancellationToken).ConfigureAwait(false)).Buffered is not null;
                if (buffered)
                {
                    await StartBufferedAsync(registration, clock, context, cancellationToken).ConfigureAwait(false);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, options.Value.RunPollInterval.Ticks));
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }

            await HandleTickAsync(registration, schedule, clock, context, tick, cancellationToken).ConfigureAwait(false);
            after = tick;
        }
    }

    private async Task HandleTickAsync(TriggerRegistration registration, ScheduleTrigger schedule, ScheduleClock clock, ITriggerContext context, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var id = registration.Id;
        var key = TriggerRunIds.TickKey(tick);
        var now = context.Time.GetUtcNow();
        try
        {
            if (schedule.Overlap == ScheduleOverlap.BufferOne)
            {
                // The buffered tick goes first if its turn has come; this one then overlaps it and is buffered in turn.
                await StartBufferedAsync(registration, clock, context, cancellationToken).ConfigureAwait(false);
            }

            if (await context.IsPausedAsync(registration, cancellationToken).ConfigureAwait(false))
            {
                await store.RecordSkipAsync(id, key, "paused", now, cancellationToken).ConfigureAwait(false);
                Log.TickSkipped(logger, id, key, "paused");
            }
            else if (schedule.Overlap != ScheduleOverlap.Allow && (await store.GetAsync(id, cancellationToken).ConfigureAwait(false)).LastRunId is { } previous
                && !await runs.IsFinishedAsync(previous, cancellationToken).ConfigureAwait(false))
            {
                if (schedule.Overlap == ScheduleOverlap.BufferOne)
                {
                    await store.SetBufferedAsync(id, key, cancellationToken).ConfigureAwait(false);
                    Log.TickBuffered(logger, id, key, previous);
                }
                else
                {
                    await store.RecordSkipAsync(id, key, "overlap", now, cancellationToken).ConfigureAwait(false);
                    var reason = $"run {previous} has not finished";
                    Log.TickSkipped(logger, id, key, reason);
                }
            }
            else
            {
                await FireAsync(registration, clock, context, tick, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AgentFlowException or IOException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // FireAsync reported input problems itself; anything else is reported here. The tick is not retried.
            if (ex is not TriggerInputException)
            {
                await context.ReportErrorAsync(registration, $"tick {key}: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }

            Log.TickFailed(logger, id, key, ex.Message);
        }

        await store.SetCursorAsync(id, key, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartBufferedAsync(TriggerRegistration registration, ScheduleClock clock, ITriggerContext context, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(registration.Id, cancellationToken).ConfigureAwait(false);
        if (state.Buffered is not { } key || ScheduleFirings.ParseKey(key) is not { } tick)
        {
            return;
        }

        if (state.LastRunId is { } previous && !await runs.IsFinishedAsync(previous, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await store.SetBufferedAsync(registration.Id, null, cancellationToken).ConfigureAwait(false);
        if (await context.IsPausedAsync(registration, cancellationToken).ConfigureAwait(false))
        {
            await store.RecordSkipAsync(registration.Id, key, "paused", context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await FireAsync(registration, clock, context, tick, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AgentFlowException or IOException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            if (ex is not TriggerInputException)
            {
                await context.ReportErrorAsync(registration, $"tick {key}: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }

            Log.TickFailed(logger, registration.Id, key, ex.Message);
        }
    }

    private static Task<TriggerFireResult> FireAsync(TriggerRegistration registration, ScheduleClock clock, ITriggerContext context, DateTimeOffset tick, CancellationToken cancellationToken) =>
        context.FireAsync(registration, ScheduleFirings.Tick(registration, clock, tick, context.Time.GetUtcNow(), manual: false), cancellationToken);
}
