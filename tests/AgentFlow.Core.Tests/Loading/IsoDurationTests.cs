using AgentFlow.Core.Model;

namespace AgentFlow.Core.Tests.Loading;

public sealed class IsoDurationTests
{
    [Theory]
    [InlineData("PT30S", 30)]
    [InlineData("PT5M", 300)]
    [InlineData("PT4H", 14400)]
    [InlineData("P1D", 86400)]
    [InlineData("P1DT2H", 93600)]
    [InlineData("P2W", 1209600)]
    [InlineData("PT0.5S", 0.5)]
    public void TryParse_ValidDuration_ReturnsSeconds(string text, double seconds)
    {
        Assert.True(IsoDuration.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("PT0S")]
    [InlineData("30s")]
    [InlineData("5 minutes")]
    [InlineData("-PT5M")]
    [InlineData("P1H")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(IsoDuration.TryParse(text, out _));
    }

    [Fact]
    public void Format_RoundTrips()
    {
        Assert.True(IsoDuration.TryParse(IsoDuration.Format(TimeSpan.FromSeconds(93_630)), out var back));
        Assert.Equal(93_630, back.TotalSeconds);
    }
}
