using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Runs;
using AgentFlow.Triggers.Schedules;
using AgentFlow.Triggers.State;

namespace AgentFlow.Triggers;

/// <summary>Builds <see cref="TriggerStatus"/> rows from a folder scan and <c>triggers.db</c>, with or without a running host.</summary>
public static class TriggerStatusReader
{
    /// <summary>
    /// The status of each trigger of <paramref name="scan"/> at <paramref name="now"/>; <paramref name="runs"/> (when
    /// given) reads the last run's status.
    /// </summary>
    public static async Task<IReadOnlyList<TriggerStatus>> ReadAsync(TriggerScan scan, TriggerStateStore store, RunClient? runs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(store);
        var states = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<TriggerStatus>();
        foreach (var registration in scan.Triggers)
        {
            var state = states.TryGetValue(registration.Id, out var s) ? s : new TriggerState { Id = registration.Id };
            RunStatus? lastStatus = null;
            if (runs is not null && state.LastRunId is { } runId)
            {
                lastStatus = (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))?.Status;
            }

            list.Add(new TriggerStatus
            {
                Id = registration.Id,
                Workflow = registration.Workflow.Name,
                Trigger = registration.Trigger.Name,
                Kind = TriggerKinds.ToJson(registration.Trigger.Kind),
                Enabled = registration.Trigger.Enabled,
                Paused = state.Paused,
                PausedBy = state.PausedBy,
                PausedAt = state.PausedAt,
                NextFireAt = registration.Trigger.Enabled && !state.Paused ? NextTick(registration.Trigger, now) : null,
                LastFireAt = state.LastFireAt,
                LastFireKey = state.LastFireKey,
                LastSummary = state.LastSummary,
                LastRunId = state.LastRunId,
                LastRunStatus = lastStatus,
                LastError = state.LastError,
                LastErrorAt = state.LastErrorAt,
                LastSkipped = state.LastSkipKey is { } key ? $"{key} ({state.LastSkipReason})" : null,
                Description = registration.Trigger.Description,
                File = registration.WorkflowFile,
            });
        }

        return list;
    }

    /// <summary>A schedule's next tick after <paramref name="now"/> (null for other kinds or a schedule that cannot be read).</summary>
    public static DateTimeOffset? NextTick(TriggerDefinition trigger, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (trigger is not ScheduleTrigger schedule)
        {
            return null;
        }

        try
        {
            var clock = ScheduleClock.Create(schedule);
            return clock.Next(now);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
