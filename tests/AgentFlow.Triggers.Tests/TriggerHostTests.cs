using System.Globalization;
using AgentFlow.Triggers.Schedules;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentFlow.Triggers.Tests;

/// <summary>The host: exactly-once starts, the folder (invalid and edited files), and one real-time schedule.</summary>
public sealed class TriggerHostTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-07T06:59:30Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TwoContexts_FiringOneTick_StartOneRun()
    {
        await using var h = new TriggerHostHarness(Start);
        h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Triggers["quick"] = [TriggerHostHarness.Schedule("daily", cron: "0 8 * * *")];
        await h.StartAsync();
        var registration = Assert.Single(h.Host.Registrations);
        var runs = new TriggerRuns(() => h.Client);
        var tick = DateTimeOffset.Parse("2026-12-07T08:00:00Z", CultureInfo.InvariantCulture);
        var clock = ScheduleClock.Create((Core.Model.Triggers.ScheduleTrigger)registration.Trigger);
        var contexts = Enumerable.Range(0, 4).Select(_ => new TriggerHostContext(h.Host.Store, runs, h.Time, NullLogger.Instance)).ToList();

        var results = await Task.WhenAll(contexts.Select(c => c.FireAsync(registration, ScheduleFirings.Tick(registration, clock, tick, h.Time.GetUtcNow(), manual: false), CancellationToken.None)));

        Assert.Single(results, r => r.Started);
        Assert.All(results, r => Assert.Equal("quick-daily-20261207T080000Z", r.RunId));
        Assert.Single(await h.UntilRunsAsync("quick/daily", r => r.Count == 1));
    }

    [Fact]
    public async Task InvalidFile_IsListedAsAProblemAndSkipped_WhileAValidOneRuns()
    {
        await using var h = new TriggerHostHarness(Start);
        h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Write("broken.json", """{ "name": "broken", "start": "nowhere", "nodes": {} }""");
        h.Write("plain.json", TriggerHostHarness.WaitingWorkflow);
        h.Triggers["quick"] = [TriggerHostHarness.Schedule("minutely", every: TimeSpan.FromMinutes(1))];
        await h.StartAsync();
        await h.UntilCursorAsync("quick/minutely", "2026-12-07T06:59:30Z");

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.UntilRunsAsync("quick/minutely", r => r.Count == 1);
        var list = await h.Host.ListAsync(CancellationToken.None);

        Assert.Equal(["quick/minutely"], list.Select(s => s.Id));
        var problem = Assert.Single(h.Host.Problems);
        Assert.EndsWith("broken.json", problem.File, StringComparison.Ordinal);
        Assert.Contains("nowhere", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedFile_ReRegistersItsTriggers_RemovedFileUnregisters()
    {
        await using var h = new TriggerHostHarness(Start);
        var file = h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Triggers["quick"] = [TriggerHostHarness.Schedule("daily", cron: "0 8 * * *")];
        await h.StartAsync();
        Assert.Equal(["quick/daily"], h.Host.Registrations.Select(r => r.Id));

        h.Triggers["quick"] = [TriggerHostHarness.Schedule("hourly", cron: "0 * * * *"), TriggerHostHarness.Schedule("off", cron: "0 * * * *") with { Enabled = false }];
        File.WriteAllText(file, TriggerHostHarness.QuickWorkflow + "\n");
        await h.Host.RescanAsync(CancellationToken.None);

        Assert.Equal(["quick/hourly"], h.Host.Registrations.Select(r => r.Id));
        Assert.Equal([("quick/hourly", true), ("quick/off", false)], (await h.Host.ListAsync(CancellationToken.None)).Select(s => (s.Id, s.Enabled)));

        File.Delete(file);
        await h.Host.RescanAsync(CancellationToken.None);
        Assert.Empty(h.Host.Registrations);
    }

    [Fact]
    public async Task RealClock_EveryOneSecond_StartsRunsOnDistinctSecondAlignedTicks()
    {
        await using var h = new TriggerHostHarness(DateTimeOffset.UtcNow);
        h.Write("quick.json", TriggerHostHarness.QuickWorkflow);
        h.Triggers["quick"] = [TriggerHostHarness.Schedule("second", every: TimeSpan.FromSeconds(1))];
        await h.StartAsync(systemClock: true);

        var runs = await h.UntilRunsAsync("quick/second", r => r.Count >= 2);
        await h.StopAsync();

        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
        Assert.All(runs, r => Assert.Matches(@"^quick-second-\d{8}T\d{6}Z$", r.RunId));
        Assert.All(runs, r => Assert.Equal(0, DateTimeOffset.Parse(r.Origin!.Key, CultureInfo.InvariantCulture).Millisecond));
    }
}
