using System.Security.Claims;
using System.Text.Encodings.Web;
using AgentFlow.Engine.Approvals;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> against the <see cref="OperatorStore"/> of the data dir: the
/// principal is the operator (name, roles). With <see cref="ServerOptions.Jwt"/> set, a bearer token that is not an
/// operator token is checked as a JWT of the identity provider (<see cref="JwtOperatorValidator"/>). Each failure is counted per client IP by the
/// <see cref="FailedAuthenticationLimiter"/>; challenges and refusals are answered as problem details.
/// </summary>
internal sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorStore operators,
    JwtOperatorValidator jwt,
    FailedAuthenticationLimiter limiter)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length == Prefix.Length)
        {
            return Fail("the Authorization header is not 'Bearer TOKEN'");
        }

        var token = header[Prefix.Length..].Trim();
        Operator? op;
        if (jwt.IsEnabled && !token.StartsWith("af_", StringComparison.Ordinal))
        {
            // Not an operator token: a JWT of the configured identity provider, naming an operator.
            (op, var failure) = await jwt.ValidateAsync(token, Context.RequestAborted).ConfigureAwait(false);
            if (op is null)
            {
                return Fail(failure!);
            }
        }
        else if ((op = await operators.AuthenticateAsync(token, Context.RequestAborted).ConfigureAwait(false)) is null)
        {
            return Fail("the token is not valid (unknown, revoked or mistyped)");
        }

        Context.Items[OperatorClaims.ItemKey] = op;
        return AuthenticateResult.Success(new AuthenticationTicket(OperatorClaims.Principal(op, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureKey] as string;
        return ProblemWriter.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "Authentication required",
            failure is null
                ? "send 'Authorization: Bearer TOKEN' with an operator token (agentflow operators add NAME prints one)"
                : $"{failure}; send 'Authorization: Bearer TOKEN' with a current operator token (ask an admin: agentflow operators add)",
            headers: h => h.WWWAuthenticate = SchemeName);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ForbidAsync(Context);

    /// <summary>The 403 problem of a policy refusal: what the policy needed and who the caller is (shared with the console's cookie scheme).</summary>
    internal static Task ForbidAsync(HttpContext context)
    {
        var op = context.Items[OperatorClaims.ItemKey] as Operator;
        var roles = op is null ? string.Empty : $" (operator '{op.Name}', roles: {string.Join(", ", op.Roles)})";
        var need = context.Items[OperatorPolicies.RequiredKey] as string ?? "a role that allows this";
        return ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"this needs {need}{roles}; ask an admin to give you that role");
    }

    private const string FailureKey = "agentflow.authFailure";

    private AuthenticateResult Fail(string reason)
    {
        var client = FailedAuthenticationLimiter.ClientOf(Context);
        limiter.RecordFailure(client);
        Server.Log.AuthenticationFailed(Logger, client, reason);
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }
}
