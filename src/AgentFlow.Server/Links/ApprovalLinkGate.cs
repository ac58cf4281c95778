using System.Globalization;
using System.Text;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Approvals.Links;
using AgentFlow.Engine.Composition;
using AgentFlow.Server.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Links;

/// <summary>
/// Decides whether a request that carries an approval link may see the approval page or decide: the link must be
/// genuine, unexpired and unused, its operator must still exist and be an approver, and the approval must still wait
/// for that operator. Every refusal is audited (a forged token by its fingerprint only, as nothing in it can be trusted)
/// and answered with a page that says why; forged tokens also count as failed authentications of the client.
/// </summary>
internal sealed class ApprovalLinkGate(
    ApprovalLinks links,
    IUsedLinkStore usedLinks,
    OperatorStore operators,
    AuditLog audit,
    AgentFlowWorkerService worker,
    FailedAuthenticationLimiter limiter,
    ILogger<ApprovalLinkGate> logger)
{
    /// <summary>How often, and how far apart, a link opened before its run records the wait checks again.</summary>
    private const int PreparingChecks = 10;

    private static readonly TimeSpan PreparingInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Checks <paramref name="token"/> for a request (<paramref name="action"/>: what the request tried, for the audit log).</summary>
    public async Task<LinkAdmission> AdmitAsync(HttpContext http, string? token, string action, CancellationToken cancellationToken)
    {
        var client = FailedAuthenticationLimiter.ClientOf(http);
        if (limiter.IsBlocked(client))
        {
            return new LinkAdmission(Page(http, StatusCodes.Status429TooManyRequests, ApprovalPage.Message("Too many attempts", "Too many invalid links came from your address.", "Wait a minute, then open the link from your e-mail again.")));
        }

        var check = await links.CheckAsync(token, cancellationToken).ConfigureAwait(false);
        if (check.Status == ApprovalLinkStatus.Forged || check.Link is not { } link)
        {
            limiter.RecordFailure(client);
            Log.LinkForged(logger, check.Fingerprint, client);
            await audit.AppendAsync(new AuditEntry(AuditKinds.Link, RunId: null, Node: null, Decision: "refused", Reason: $"approval link not genuine (forged, altered or truncated) {action} from {client}", Subject: $"token {check.Fingerprint}"), cancellationToken).ConfigureAwait(false);
            return new LinkAdmission(Page(http, StatusCodes.Status403Forbidden, ApprovalPage.Message("This link is not valid", "This approval link was not issued by this server, or it was changed or cut short (long links sometimes break across lines in an e-mail).", "Open the link from your e-mail again, copying it whole, or decide with agentflow approve / agentflow reject.")));
        }

        var service = new ApprovalService(worker.Client, audit);
        if (check.Status == ApprovalLinkStatus.Expired)
        {
            return await RefuseAsync(http, service, link, StatusCodes.Status410Gone, $"expired at {link.ExpiresAt.UtcDateTime:u}", action, "This link has expired", $"It worked until {Time(link.ExpiresAt)}.", cancellationToken).ConfigureAwait(false);
        }

        if (await usedLinks.FindAsync(link.Nonce, cancellationToken).ConfigureAwait(false) is { } used)
        {
            return await UsedAsync(http, service, link, used, action, cancellationToken).ConfigureAwait(false);
        }

        if (await operators.GetAsync(link.Operator, cancellationToken).ConfigureAwait(false) is not { } op)
        {
            return await RefuseAsync(http, service, link, StatusCodes.Status403Forbidden, $"operator '{link.Operator}' no longer exists", action, "This link no longer works", $"The operator '{link.Operator}' it was sent to has been removed.", cancellationToken).ConfigureAwait(false);
        }

        var state = await service.GetAsync(link.RunId, link.Node, cancellationToken).ConfigureAwait(false);

        // The mail goes out a moment before the run records that it waits: a link opened in between waits briefly for
        // it, and if the run is still not there (a busy server), says so instead of calling the approval closed.
        for (var attempt = 0; state.Preparing && attempt < PreparingChecks; attempt++)
        {
            await Task.Delay(PreparingInterval, cancellationToken).ConfigureAwait(false);
            state = await service.GetAsync(link.RunId, link.Node, cancellationToken).ConfigureAwait(false);
        }

        if (state.Preparing)
        {
            http.Response.Headers.RetryAfter = "5";
            return new LinkAdmission(Page(http, StatusCodes.Status503ServiceUnavailable, ApprovalPage.Message("This approval is being prepared", "The run has reached this approval but has not finished recording it yet.", "Reload this page in a few seconds.")));
        }

        if (state.Wait is not { } wait)
        {
            return await RefuseAsync(http, service, link, StatusCodes.Status410Gone, state.Closed!, action, "This approval is closed", Sentence(state.Closed!), cancellationToken).ConfigureAwait(false);
        }

        if (wait.Votes?.FirstOrDefault(v => v.By == op.Name) is { } vote)
        {
            var what = $"{op.Name} already {(vote.Approved ? "approved" : "rejected")} at {vote.At:u}";
            return await RefuseAsync(http, service, link, StatusCodes.Status410Gone, what, action, "You already decided", Sentence(what), cancellationToken).ConfigureAwait(false);
        }

        if (!Approver.AnyAdmits(wait.Approvers ?? [], op.Name, op.Roles))
        {
            var why = $"operator '{op.Name}' is no longer an approver of '{wait.Node}' (approvers: {string.Join(", ", wait.Approvers ?? [])})";
            return await RefuseAsync(http, service, link, StatusCodes.Status403Forbidden, why, action, "You cannot decide this approval", Sentence(why), cancellationToken).ConfigureAwait(false);
        }

        return new LinkAdmission(null, link, op, wait, service);
    }

    /// <summary>Audits and answers a refusal of a genuine link.</summary>
    public async Task<LinkAdmission> RefuseAsync(HttpContext http, ApprovalService service, ApprovalLink link, int status, string reason, string action, string title, string text, CancellationToken cancellationToken)
    {
        Log.LinkRefused(logger, link.Nonce, link.Operator, link.RunId, link.Node, reason);
        await service.RefuseLinkAsync(link.RunId, link.Node, link.Operator, $"approval link {link.Nonce} {action}: {reason}", cancellationToken).ConfigureAwait(false);
        return new LinkAdmission(Page(http, status, ApprovalPage.Message(title, text, "Nothing was decided with this request. It has been recorded in the audit log.")));
    }

    /// <summary>Audits and answers a link used before.</summary>
    public Task<LinkAdmission> UsedAsync(HttpContext http, ApprovalService service, ApprovalLink link, UsedLink used, string action, CancellationToken cancellationToken) =>
        RefuseAsync(http, service, link, StatusCodes.Status410Gone, $"already used at {used.UsedAt.UtcDateTime:u}", action, "This link was already used", $"It was used at {Time(used.UsedAt)}; each link decides once.", cancellationToken);

    /// <summary>An HTML answer with the pages' security headers: no caching, no referrer, no framing, no scripts.</summary>
    public static IResult Page(HttpContext http, int status, string html)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ApprovalPage.ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("u", CultureInfo.InvariantCulture);

    private static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? string.Empty : ".");
}
