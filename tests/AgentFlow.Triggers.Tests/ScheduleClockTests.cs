using AgentFlow.Core.Model.Triggers;
using AgentFlow.Triggers.Schedules;

namespace AgentFlow.Triggers.Tests;

public sealed class ScheduleClockTests
{
    private static ScheduleClock Clock(string? cron = null, TimeSpan? every = null, string? zone = null) =>
        ScheduleClock.Create(new ScheduleTrigger { Name = "t", JsonPath = "$.triggers.t", Cron = cron, Every = every, TimeZone = zone });

    private static List<string> Ticks(ScheduleClock clock, string from, string to) =>
        [.. clock.Between(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture))
            .Select(t => t.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void Cron_EuropeBerlin_SpringForwardGap_FiresOnceAfterTheGap()
    {
        // 2026-03-29: 02:00 local jumps to 03:00; 02:30 does not exist that day.
        var ticks = Ticks(Clock("30 2 * * *", zone: "Europe/Berlin"), "2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z");

        Assert.Equal(["2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"], ticks);
    }

    [Fact]
    public void Cron_EuropeBerlin_FallBackOverlap_FiresOnceForAFixedTime_AndInBothForAnInterval()
    {
        // 2026-10-25: 03:00 local falls back to 02:00; 02:30 happens twice (+02:00, then +01:00).
        var daily = Ticks(Clock("30 2 * * *", zone: "Europe/Berlin"), "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z");
        var hourly = Ticks(Clock("30 * * * *", zone: "Europe/Berlin"), "2026-10-24T23:00:00Z", "2026-10-25T02:00:00Z");

        Assert.Equal(["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"], daily);
        Assert.Equal(["2026-10-25T01:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00"], hourly);
    }

    [Fact]
    public void Cron_SixFields_TicksOnSeconds()
    {
        var ticks = Ticks(Clock("*/20 * * * * *"), "2026-12-07T07:00:00Z", "2026-12-07T07:01:00Z");

        Assert.Equal(["2026-12-07T07:00:20+00:00", "2026-12-07T07:00:40+00:00", "2026-12-07T07:01:00+00:00"], ticks);
    }

    [Fact]
    public void Every_IsAlignedToMultiplesOfThePeriodSinceTheEpoch()
    {
        var clock = Clock(every: TimeSpan.FromMinutes(15));

        Assert.Equal(DateTimeOffset.Parse("2026-12-07T07:15:00Z", System.Globalization.CultureInfo.InvariantCulture), clock.Next(DateTimeOffset.Parse("2026-12-07T07:03:17Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T07:30:00Z", System.Globalization.CultureInfo.InvariantCulture), clock.Next(DateTimeOffset.Parse("2026-12-07T07:15:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        var sevens = Ticks(Clock(every: TimeSpan.FromSeconds(7)), "2026-12-07T07:00:00Z", "2026-12-07T07:00:15Z");
        Assert.Equal(2, sevens.Count);
        Assert.All(sevens, t => Assert.Equal(0, DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds() % 7));
    }

    [Fact]
    public void Jitter_IsDeterministicAndWithinRange()
    {
        var range = TimeSpan.FromMinutes(5);
        var first = ScheduleClock.Jitter("news/weekly", "2026-12-07T07:00:00Z", range);
        var again = ScheduleClock.Jitter("news/weekly", "2026-12-07T07:00:00Z", range);
        var other = ScheduleClock.Jitter("news/weekly", "2026-12-14T07:00:00Z", range);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.InRange(first, TimeSpan.Zero, range - TimeSpan.FromTicks(1));
        Assert.Equal(TimeSpan.Zero, ScheduleClock.Jitter("news/weekly", "2026-12-07T07:00:00Z", null));
    }

    [Fact]
    public void RunIds_AreReadableForTicks_AndHashedOtherwise()
    {
        Assert.Equal("newsletter-weekly-20261207T070000Z", TriggerRunIds.For("newsletter", "weekly", TriggerKind.Schedule, "2026-12-07T07:00:00Z"));
        Assert.Equal("newsletter-weekly-manual-42", TriggerRunIds.For("newsletter", "weekly", TriggerKind.Schedule, "manual-42"));
        var mail = TriggerRunIds.For("triage", "inbox", TriggerKind.Imap, "<abc@example.com>");
        Assert.Matches("^triage-inbox-[0-9a-f]{16}$", mail);
        Assert.Equal(mail, TriggerRunIds.For("triage", "inbox", TriggerKind.Imap, "<abc@example.com>"));
        var longName = new string('w', 90);
        Assert.True(TriggerRunIds.For(longName, "weekly", TriggerKind.Schedule, "2026-12-07T07:00:00Z").Length <= 100);
    }

    [Fact]
    public void Create_UnknownTimeZone_NamesTheField()
    {
        var ex = Assert.Throws<ArgumentException>(() => Clock("0 8 * * *", zone: "Mars/Olympus"));

        Assert.Contains("$.triggers.t.timeZone", ex.Message, StringComparison.Ordinal);
    }
}
