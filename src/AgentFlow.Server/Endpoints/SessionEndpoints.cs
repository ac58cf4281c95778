using AgentFlow.Engine.Approvals;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Contracts;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Endpoints;

/// <summary>
/// <c>/api/session</c>: the console's sign-in with an operator token (answered with an HttpOnly session cookie and the
/// session's CSRF token), who is signed in, and sign-out. Failed sign-ins count against the failed-authentication limiter.
/// </summary>
internal static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/session").WithTags("Session");
        group.MapPost("/", async (HttpContext http, OperatorStore operators, ConsoleSessionStore sessions, FailedAuthenticationLimiter limiter, ILogger<ApiCategory> logger, CancellationToken cancellationToken) =>
        {
            if (!SameOrigin(http))
            {
                return ApiProblems.Forbidden("sign in from the console of this server; a sign-in from another site is refused");
            }

            var client = FailedAuthenticationLimiter.ClientOf(http);
            if (limiter.IsBlocked(client))
            {
                Log.AuthenticationThrottled(logger, client);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(limiter.Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ApiProblems.Problem(429, "Too many failed authentications", $"this client sent too many invalid tokens; wait {limiter.Window.TotalSeconds:0} s and sign in again");
            }

            var token = await ReadTokenAsync(http.Request, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(token))
            {
                return ApiProblems.BadRequest("give your operator token: {\"token\": \"af_...\"} (agentflow operators add NAME prints one)");
            }

            var op = await operators.AuthenticateAsync(token.Trim(), cancellationToken).ConfigureAwait(false);
            if (op is null)
            {
                limiter.RecordFailure(client);
                Log.AuthenticationFailed(logger, client, "console sign-in with a token that is not valid");
                return ApiProblems.Problem(401, "Authentication required", "the token is not valid (unknown, revoked or mistyped); ask an admin for a current one (agentflow operators add)");
            }

            if (http.Request.Cookies[ConsoleCookieAuthenticationHandler.CookieName] is { Length: > 0 } previous)
            {
                sessions.Remove(previous);
            }

            var (id, session) = sessions.Create(op.Name);
            http.Response.Cookies.Append(ConsoleCookieAuthenticationHandler.CookieName, id, ConsoleCookieAuthenticationHandler.CookieOptions(http));
            http.Response.Headers.CacheControl = "no-store";
            Log.ConsoleSignedIn(logger, op.Name, client);
            return Results.Ok(View(op, session));
        }).AllowAnonymous().Accepts<SignInRequest>("application/json", "application/x-www-form-urlencoded")
          .WithSummary("Sign in to the console with an operator token: sets an HttpOnly session cookie and returns the operator and the CSRF token to send as X-CSRF-Token.");

        group.MapGet("/", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(View(http.Operator(), http.Items[ConsoleCookieAuthenticationHandler.SessionKey] as ConsoleSession));
        }).RequireAuthorization(OperatorPolicies.Read)
          .WithSummary("Who is signed in: name, roles, what they may do; for a console session also its CSRF token.");

        group.MapDelete("/", (HttpContext http, ConsoleSessionStore sessions, ILogger<ApiCategory> logger) =>
        {
            if (http.Request.Cookies[ConsoleCookieAuthenticationHandler.CookieName] is { Length: > 0 } id)
            {
                if (http.Items[ConsoleCookieAuthenticationHandler.SessionKey] is ConsoleSession session)
                {
                    Log.ConsoleSignedOut(logger, session.Operator);
                }

                sessions.Remove(id);
            }

            http.Response.Cookies.Delete(ConsoleCookieAuthenticationHandler.CookieName, ConsoleCookieAuthenticationHandler.CookieOptions(http));
            return Results.NoContent();
        }).AllowAnonymous().WithSummary("Sign out of the console: ends the session and clears its cookie.");
    }

    private static object View(Operator op, ConsoleSession? session) => new
    {
        Operator = op.Name,
        op.Roles,
        CanAct = op.Roles.Any(r => r != OperatorPolicies.ViewerRole),
        IsAdmin = op.Roles.Contains(OperatorStore.AdminRole),
        CsrfToken = session?.CsrfToken,
        Expires = session?.Expires,
    };

    private static async Task<string?> ReadTokenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return form["token"].ToString();
        }

        return request.HasJsonContentType()
            ? (await request.ReadFromJsonAsync<SignInRequest>(cancellationToken).ConfigureAwait(false))?.Token
            : null;
    }

    // A browser sends Origin with every POST; one from another site is a forged sign-in (login CSRF). Other clients send none.
    private static bool SameOrigin(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        return origin.Length == 0
            || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                && string.Equals(uri.Scheme, http.Request.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
