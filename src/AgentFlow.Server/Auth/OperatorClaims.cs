using System.Security.Claims;
using AgentFlow.Engine.Approvals;
using Microsoft.AspNetCore.Http;

namespace AgentFlow.Server.Auth;

/// <summary>The authenticated operator of a request: as claims for authorization, and whole for the engine's APIs.</summary>
internal static class OperatorClaims
{
    /// <summary>Where the handler keeps the <see cref="Operator"/> of the request.</summary>
    public const string ItemKey = "agentflow.operator";

    public static ClaimsPrincipal Principal(Operator op, string scheme)
    {
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, op.Name));
        foreach (var role in op.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>The request's operator; only called behind an authorization policy, so there is one.</summary>
    public static Operator Operator(this HttpContext context) =>
        context.Items[ItemKey] as Operator ?? throw new InvalidOperationException("the request has no authenticated operator");

    /// <summary>The bearer token of the request, for engine calls that re-check it (operator changes); never logged.</summary>
    public static string? BearerToken(this HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
