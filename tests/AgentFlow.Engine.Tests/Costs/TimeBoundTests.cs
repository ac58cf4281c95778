using AgentFlow.Engine.Costs;

namespace AgentFlow.Engine.Tests.Costs;

/// <summary>The bounds of a cost period: dates, times and durations back from now.</summary>
public sealed class TimeBoundTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("30m", "2026-12-03T11:30:00Z")]
    [InlineData("12h", "2026-12-03T00:00:00Z")]
    [InlineData("7d", "2026-11-26T12:00:00Z")]
    [InlineData("2w", "2026-11-19T12:00:00Z")]
    [InlineData("P1D", "2026-12-02T12:00:00Z")]
    [InlineData("PT90M", "2026-12-03T10:30:00Z")]
    [InlineData("2026-12-01", "2026-12-01T00:00:00Z")]
    [InlineData("2026-12-01T08:15:00Z", "2026-12-01T08:15:00Z")]
    [InlineData("2026-12-01T08:15:00+02:00", "2026-12-01T06:15:00Z")]
    public void TryParse_reads_dates_times_and_durations_as_utc(string text, string expected)
    {
        Assert.True(TimeBound.TryParse(text, Now, out var at));

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), at);
        Assert.Equal(DateTimeKind.Utc, at.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("7")]
    [InlineData("0d")]
    [InlineData("-3d")]
    [InlineData("01/02/2026")]
    [InlineData("P")]
    public void TryParse_refuses_anything_else(string text)
    {
        Assert.False(TimeBound.TryParse(text, Now, out _));
    }
}
