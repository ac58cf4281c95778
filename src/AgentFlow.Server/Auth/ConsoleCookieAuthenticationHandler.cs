using System.Text.Encodings.Web;
using AgentFlow.Engine.Approvals;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Server.Auth;

/// <summary>
/// Authenticates the console's session cookie against the <see cref="ConsoleSessionStore"/>. The operator is read from
/// the <see cref="OperatorStore"/> on every request, so a removed operator's session stops at once and role changes
/// apply at once. State-changing requests also need the session's CSRF token (<see cref="ConsoleCsrfCheck"/>).
/// </summary>
internal sealed class ConsoleCookieAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorStore operators,
    ConsoleSessionStore sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ConsoleCookie";

    /// <summary>The session cookie: a random id (HttpOnly, SameSite=Strict, Secure over HTTPS).</summary>
    public const string CookieName = "agentflow_session";

    /// <summary>Where the handler keeps the request's <see cref="ConsoleSession"/>.</summary>
    public const string SessionKey = "agentflow.consoleSession";

    private const string FailureKey = "agentflow.consoleFailure";

    /// <summary>The cookie's options: never readable by scripts, never sent cross-site, only over TLS when the server has it.</summary>
    public static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Cookies[CookieName] is not { Length: > 0 } id)
        {
            return AuthenticateResult.NoResult();
        }

        if (sessions.Find(id) is not { } session)
        {
            return Fail("the console session has ended (signed out, expired or the server restarted)");
        }

        var op = await operators.GetAsync(session.Operator, Context.RequestAborted).ConfigureAwait(false);
        if (op is null)
        {
            sessions.Remove(id);
            return Fail($"operator '{session.Operator}' no longer exists");
        }

        Context.Items[OperatorClaims.ItemKey] = op;
        Context.Items[SessionKey] = session;
        return AuthenticateResult.Success(new AuthenticationTicket(OperatorClaims.Principal(op, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureKey] as string ?? "not signed in";
        return ProblemWriter.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required", $"{failure}; sign in again with your operator token");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => OperatorAuthenticationHandler.ForbidAsync(Context);

    private AuthenticateResult Fail(string reason)
    {
        // Not counted by the failed-authentication limiter: a session id is 256 random bits, so a stale cookie is an
        // ended session (a restart ends them all), not a guess.
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }
}
