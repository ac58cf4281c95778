using System.Net;
using System.Net.Http.Json;

namespace AgentFlow.Server.Tests;

/// <summary>Failed authentications are limited per client IP: after the limit, even a valid token gets 429 for the window.</summary>
public sealed class AuthenticationThrottleTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new() { Configure = o => (o.AuthenticationFailureLimit, o.AuthenticationFailureWindow) = (2, TimeSpan.FromHours(1)) };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task FailedAuthentications_OverTheLimit_Are429Problem()
    {
        using var guesser = _server.Client();
        guesser.DefaultRequestHeaders.Authorization = new("Bearer", "af_AAAAAAAA_guess");
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await guesser.GetAsync("/api/runs");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await guesser.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter is not null);
        await ServerApiTests.AssertProblemAsync(throttled, 429, "too many invalid tokens");
    }

    [Fact]
    public async Task FailedConsoleSignIns_OverTheLimit_Are429_EvenForAValidToken()
    {
        using var browser = _server.Client();
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await browser.PostAsJsonAsync("/api/session", new { token = "af_AAAAAAAA_guess" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await browser.PostAsJsonAsync("/api/session", new { token = _server.Tokens["bob"] });

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter is not null);
        await ServerApiTests.AssertProblemAsync(throttled, 429, "too many invalid tokens");
    }
}
