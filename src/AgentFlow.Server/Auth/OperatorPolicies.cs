using AgentFlow.Engine.Approvals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace AgentFlow.Server.Auth;

/// <summary>
/// Who may do what. <see cref="Read"/>: any operator. <see cref="Act"/> (start, cancel, decide, forget memories): an
/// operator with a role other than <see cref="ViewerRole"/> (whether they may decide a given approval is then the
/// approval's own approvers list, checked by <see cref="ApprovalService"/>). <see cref="Admin"/> (operators, effects
/// in doubt): role <see cref="OperatorStore.AdminRole"/>.
/// </summary>
public static class OperatorPolicies
{
    /// <summary>Read runs, approvals, audit, memory, workflows.</summary>
    public const string Read = "agentflow.read";

    /// <summary>Start, cancel, decide, forget.</summary>
    public const string Act = "agentflow.act";

    /// <summary>Manage operators and resolve effects.</summary>
    public const string Admin = "agentflow.admin";

    /// <summary>The role that may only read.</summary>
    public const string ViewerRole = "viewer";

    internal const string RequiredKey = "agentflow.required";

    /// <summary>Adds the three policies.</summary>
    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Act, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
            Note(c, "a role other than 'viewer' (viewers may only read)") && c.User.Claims.Any(x => x.Type == System.Security.Claims.ClaimTypes.Role && x.Value != ViewerRole)));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
            Note(c, $"role '{OperatorStore.AdminRole}'") && c.User.IsInRole(OperatorStore.AdminRole)));
    }

    // Remembers what the policy needed, so the 403 problem can say it.
    private static bool Note(AuthorizationHandlerContext context, string what)
    {
        if (context.Resource is HttpContext http)
        {
            http.Items[RequiredKey] = what;
        }

        return true;
    }
}
