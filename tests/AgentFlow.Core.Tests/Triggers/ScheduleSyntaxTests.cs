using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Core.Tests.Triggers;

public sealed class ScheduleSyntaxTests
{
    [Theory]
    [InlineData("0 8 * * MON")]
    [InlineData("*/15 * * * 1-5")]
    [InlineData("30 0 8 * * *")]
    [InlineData("@weekly")]
    public void TryParseCron_FiveOrSixFieldsOrMacro_Parses(string text)
    {
        Assert.True(ScheduleSyntax.TryParseCron(text, out var expression, out var error), error);
        Assert.NotNull(expression);
    }

    [Fact]
    public void TryParseCron_SixFields_ReadsSecondsFirst()
    {
        Assert.True(ScheduleSyntax.TryParseCron("30 0 8 * * *", out var expression, out _));

        var next = expression!.GetNextOccurrence(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 8, 0, 30, TimeSpan.Zero), next);
    }

    [Theory]
    [InlineData("0 8 * *", "4 fields")]
    [InlineData("0 0 8 * * * *", "7 fields")]
    [InlineData("0 8 * * FUNDAY", "Days of week")]
    public void TryParseCron_Invalid_SaysWhy(string text, string reason)
    {
        Assert.False(ScheduleSyntax.TryParseCron(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeZoneOf_NoZone_IsUtcAndIanaZoneIsFound()
    {
        Assert.Equal(TimeZoneInfo.Utc, ScheduleSyntax.TimeZoneOf(new ScheduleTrigger { Name = "a", JsonPath = "$", Every = TimeSpan.FromHours(1) }));
        Assert.True(ScheduleSyntax.TryFindTimeZone("Europe/Berlin", out var zone, out _));
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void ParseCron_Invalid_ThrowsFormatExceptionNamingTheExpression()
    {
        var ex = Assert.Throws<FormatException>(() => ScheduleSyntax.ParseCron("nope"));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
    }
}
