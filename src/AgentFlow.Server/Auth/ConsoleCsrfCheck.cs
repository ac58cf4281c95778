using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Auth;

/// <summary>
/// Middleware after authentication: a request authenticated by the console's session cookie that may change state
/// (any method but GET, HEAD, OPTIONS, TRACE) must carry the session's CSRF token in <see cref="HeaderName"/>, or it is
/// refused with 403 before any endpoint runs. Bearer-token requests need none (a browser never adds that header by itself).
/// </summary>
internal sealed class ConsoleCsrfCheck(ILogger<ConsoleCsrfCheck> logger)
{
    /// <summary>The header that carries the CSRF token.</summary>
    public const string HeaderName = "X-CSRF-Token";

    /// <summary>Checks the request, then calls <paramref name="next"/>.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items[ConsoleCookieAuthenticationHandler.SessionKey] is ConsoleSession session
            && context.User.Identity?.AuthenticationType == ConsoleCookieAuthenticationHandler.SchemeName
            && !IsSafe(context.Request.Method)
            && !ConsoleSessionStore.CsrfMatches(session, context.Request.Headers[HeaderName].ToString()))
        {
            Log.CsrfRefused(logger, session.Operator, context.Request.Method, context.Request.Path);
            return ProblemWriter.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"a request signed in by the console's cookie must carry the session's CSRF token in the {HeaderName} header (GET /api/session returns it); nothing was done");
        }

        return next(context);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
