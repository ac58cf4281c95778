using System.Threading.RateLimiting;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Server.Auth;

/// <summary>
/// Counts failed authentications per client IP in a fixed window (a partitioned rate limiter: each failure takes a
/// permit). Once a client has none left, its requests are answered 429 before any token is checked, so guessing
/// tokens costs a window per few guesses, and the PBKDF2 check is not a lever for exhausting the CPU.
/// </summary>
internal sealed class FailedAuthenticationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ILogger _logger;

    public FailedAuthenticationLimiter(IOptions<ServerOptions> options, ILogger<FailedAuthenticationLimiter> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.AuthenticationFailureLimit),
            Window = settings.AuthenticationFailureWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        Window = settings.AuthenticationFailureWindow;
    }

    /// <summary>The window, for Retry-After.</summary>
    public TimeSpan Window { get; }

    /// <summary>The client a request counts against: its remote IP.</summary>
    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Takes a permit for a failure (none left: the client is blocked until the window ends).</summary>
    public void RecordFailure(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
    }

    /// <summary>True while <paramref name="client"/> has used up its failures.</summary>
    public bool IsBlocked(string client) => _limiter.GetStatistics(client)?.CurrentAvailablePermits <= 0;

    /// <summary>Middleware: refuses a blocked client's requests that carry a token, with 429.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var client = ClientOf(context);
        if (context.Request.Headers.Authorization.Count > 0 && IsBlocked(client))
        {
            Log.AuthenticationThrottled(_logger, client);
            await ProblemWriter.WriteAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                "Too many failed authentications",
                $"this client sent too many invalid tokens; wait {Window.TotalSeconds:0} s and retry with a valid operator token",
                headers: h => h.RetryAfter = ((int)Math.Ceiling(Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    public void Dispose() => _limiter.Dispose();
}
