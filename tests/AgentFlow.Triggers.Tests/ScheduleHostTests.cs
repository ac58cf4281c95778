using System.Globalization;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Triggers.Tests;

/// <summary>Schedules in a real host (embedded SQLite backend, worker) on a fake clock.</summary>
public sealed class ScheduleHostTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-07T06:59:30Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryTick_StartsOneRun_WithATickDerivedIdAndTheTickAsInput()
    {
        await using var h = new TriggerHostHarness(Start);
        h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Triggers["quick"] = [TriggerHostHarness.Schedule("minutely", every: TimeSpan.FromMinutes(1), zone: "Europe/Berlin")];
        await h.StartAsync();
        await h.UntilCursorAsync("quick/minutely", "2026-12-07T06:59:30Z");

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.UntilCursorAsync("quick/minutely", "2026-12-07T07:00:00Z");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var runs = await h.UntilRunsAsync("quick/minutely", r => r.Count == 2 && r.All(x => x.IsFinished));

        Assert.Equal(["quick-minutely-20261207T070000Z", "quick-minutely-20261207T070100Z"], runs.Select(r => r.RunId));
        Assert.Equal("2026-12-07T08:00:00+01:00", (await h.Client.GetAsync(runs[0].RunId))?.Output?["at"]?.GetValue<string>());
        Assert.Equal("schedule", runs[0].Origin?.Kind);
        Assert.Equal("tick 2026-12-07T08:00:00+01:00", runs[0].Origin?.Summary);
        var status = Assert.Single(await h.Host.ListAsync(CancellationToken.None));
        Assert.Equal("quick-minutely-20261207T070100Z", status.LastRunId);
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T07:02:00Z", CultureInfo.InvariantCulture), status.NextFireAt);
    }

    [Fact]
    public async Task OverlapSkip_SkipsTicksWhileThePreviousRunWaits_AllowStartsThem()
    {
        await using var h = new TriggerHostHarness(Start);
        h.Write("waiting.json", TriggerHostHarness.WaitingWorkflow);
        h.Triggers["waiting"] =
        [
            TriggerHostHarness.Schedule("skip", every: TimeSpan.FromMinutes(1)) with { Inputs = new Dictionary<string, System.Text.Json.JsonElement>() },
            TriggerHostHarness.Schedule("allow", every: TimeSpan.FromMinutes(1), overlap: ScheduleOverlap.Allow) with { Inputs = new Dictionary<string, System.Text.Json.JsonElement>() },
        ];
        await h.StartAsync();
        await h.UntilCursorAsync("waiting/skip", "2026-12-07T06:59:30Z");
        await h.UntilCursorAsync("waiting/allow", "2026-12-07T06:59:30Z");

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.UntilRunsAsync("waiting/skip", r => r.Count == 1 && r[0].Status == RunStatus.Waiting);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.UntilCursorAsync("waiting/skip", "2026-12-07T07:01:00Z");
        var allowed = await h.UntilRunsAsync("waiting/allow", r => r.Count == 2);

        Assert.Single(await h.RunsAsync("waiting/skip"));
        var state = await h.Host.Store.GetAsync("waiting/skip");
        Assert.Equal("2026-12-07T07:01:00Z", state.LastSkipKey);
        Assert.Equal("overlap", state.LastSkipReason);
        Assert.Equal(2, allowed.Select(r => r.RunId).Distinct().Count());
    }

    [Fact]
    public async Task OverlapBufferOne_KeepsTheLatestTick_AndStartsItOnceThePreviousRunFinished()
    {
        await using var h = new TriggerHostHarness(Start);
        h.Write("waiting.json", TriggerHostHarness.WaitingWorkflow);
        h.Triggers["waiting"] = [TriggerHostHarness.Schedule("buffer", every: TimeSpan.FromMinutes(1), overlap: ScheduleOverlap.BufferOne) with { Inputs = new Dictionary<string, System.Text.Json.JsonElement>() }];
        await h.StartAsync();
        await h.UntilCursorAsync("waiting/buffer", "2026-12-07T06:59:30Z");

        h.Time.Advance(TimeSpan.FromSeconds(30));
        var first = (await h.UntilRunsAsync("waiting/buffer", r => r.Count == 1 && r[0].Status == RunStatus.Waiting))[0];
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.UntilCursorAsync("waiting/buffer", "2026-12-07T07:01:00Z");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.UntilCursorAsync("waiting/buffer", "2026-12-07T07:02:00Z");
        Assert.Equal("2026-12-07T07:02:00Z", (await h.Host.Store.GetAsync("waiting/buffer")).Buffered);

        await h.Client.CancelAsync(first.RunId, "test");
        await h.UntilRunsAsync("waiting/buffer", r => r.Count == 1 && r[0].IsFinished);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.UntilCursorAsync("waiting/buffer", "2026-12-07T07:03:00Z");
        var runs = await h.UntilRunsAsync("waiting/buffer", r => r.Count == 2);

        Assert.Equal(["waiting-buffer-20261207T070000Z", "waiting-buffer-20261207T070200Z"], runs.Select(r => r.RunId));
        Assert.Equal("2026-12-07T07:03:00Z", (await h.Host.Store.GetAsync("waiting/buffer")).Buffered);
    }

    [Fact]
    public async Task CatchUp_AfterDowntime_StartsMissedTicksInTheWindow_AllowEach_OthersTheLatest_NothingTwice()
    {
        var root = Path.Combine(Path.GetTempPath(), "af-triggers-" + Guid.NewGuid().ToString("N")[..12]);
        await using var h = new TriggerHostHarness(Start, root);
        h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Triggers["quick"] =
        [
            TriggerHostHarness.Schedule("all", every: TimeSpan.FromHours(1), overlap: ScheduleOverlap.Allow, catchUp: TimeSpan.FromHours(3)),
            TriggerHostHarness.Schedule("latest", every: TimeSpan.FromHours(1), catchUp: TimeSpan.FromHours(3)),
            TriggerHostHarness.Schedule("none", every: TimeSpan.FromHours(1)),
        ];
        await h.StartAsync();
        await h.UntilCursorAsync("quick/none", "2026-12-07T06:59:30Z");
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.UntilCursorAsync("quick/all", "2026-12-07T07:00:00Z");
        await h.UntilCursorAsync("quick/latest", "2026-12-07T07:00:00Z");
        await h.UntilCursorAsync("quick/none", "2026-12-07T07:00:00Z");
        // The 07:00 runs end before the downtime: one still running when a catch-up tick comes would (rightly) make
        // the skip-overlap schedule skip it, which is not what this test is about.
        foreach (var trigger in new[] { "quick/all", "quick/latest", "quick/none" })
        {
            await h.UntilRunsAsync(trigger, r => r.Count == 1 && r[0].IsFinished);
        }

        await h.StopAsync();

        h.Time.Advance(TimeSpan.FromHours(5) + TimeSpan.FromSeconds(30));
        await h.StartAsync();
        await h.UntilCursorAsync("quick/all", "2026-12-07T12:00:00Z");
        await h.UntilCursorAsync("quick/latest", "2026-12-07T12:00:00Z");
        var all = await h.UntilRunsAsync("quick/all", r => r.Count == 4 && r.All(x => x.IsFinished));
        var latest = await h.UntilRunsAsync("quick/latest", r => r.Count == 2 && r.All(x => x.IsFinished));

        Assert.Equal(["07", "10", "11", "12"], all.Select(r => r.RunId[^7..^5]));
        Assert.Equal(["07", "12"], latest.Select(r => r.RunId[^7..^5]));
        Assert.Single(await h.RunsAsync("quick/none"));
    }

    [Fact]
    public async Task Paused_TicksPassAndAreRecorded_ResumeStartsTheNextTickOnly_BothAudited()
    {
        await using var h = new TriggerHostHarness(Start);
        h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Triggers["quick"] = [TriggerHostHarness.Schedule("minutely", every: TimeSpan.FromMinutes(1), catchUp: TimeSpan.FromHours(1))];
        await h.StartAsync();
        await h.UntilCursorAsync("quick/minutely", "2026-12-07T06:59:30Z");

        Assert.True(await h.Host.PauseAsync("quick/minutely", "ana", CancellationToken.None));
        Assert.False(await h.Host.PauseAsync("quick/minutely", "ana", CancellationToken.None));
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.UntilCursorAsync("quick/minutely", "2026-12-07T07:00:00Z");
        var paused = await h.Host.Store.GetAsync("quick/minutely");
        Assert.Equal("paused", paused.LastSkipReason);
        Assert.Empty(await h.RunsAsync("quick/minutely"));
        Assert.True((await h.Host.ListAsync(CancellationToken.None))[0].Paused);

        Assert.True(await h.Host.ResumeAsync("quick/minutely", "bo", CancellationToken.None));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var runs = await h.UntilRunsAsync("quick/minutely", r => r.Count == 1);

        Assert.Equal("quick-minutely-20261207T070100Z", runs[0].RunId);
        var audit = await new AuditLog(h.DataDir).ReadAsync(null);
        Assert.Equal(["paused ana", "resumed bo"], audit.Where(a => a.Kind == AuditKinds.Trigger && a.Subject == "quick/minutely").Select(a => $"{a.Decision} {a.Operator}"));
    }

    [Fact]
    public async Task FireNow_StartsAManualTick_WebhookIsRefused_UnknownNamesAreListed()
    {
        await using var h = new TriggerHostHarness(Start);
        h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Triggers["quick"] =
        [
            TriggerHostHarness.Schedule("daily", cron: "0 8 * * *"),
            new WebhookTrigger { Name = "hook", JsonPath = "$.triggers.hook", SecretEnv = "HOOK_SECRET" },
        ];
        await h.StartAsync();

        var fired = await h.Host.FireNowAsync("quick/daily", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<Core.AgentFlowException>(() => h.Host.FireNowAsync("quick/hook", CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<TriggerNotFoundException>(() => h.Host.FireNowAsync("quick/nope", CancellationToken.None));
        var runs = await h.UntilRunsAsync("quick/daily", r => r.Count == 1 && r[0].IsFinished);

        Assert.True(fired.Started);
        Assert.StartsWith("quick-daily-manual-", fired.RunId, StringComparison.Ordinal);
        Assert.Equal(fired.RunId, runs[0].RunId);
        Assert.Contains("POST /hooks/quick/hook", refused.Message, StringComparison.Ordinal);
        Assert.Contains("quick/daily, quick/hook", unknown.Message, StringComparison.Ordinal);
        Assert.NotNull(h.Host.Find("quick", "hook"));
    }
}
