using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Approvals.Links;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Links;

/// <summary>
/// The pages behind the links in approval notifications: <c>GET /approve/{token}</c> shows the approval (it never
/// decides: mail scanners open links), <c>POST /approve</c> from that page decides through <see cref="ApprovalService"/>
/// as the link's operator, once. The token is the credential; no cookie is set and no bearer token is needed.
/// </summary>
internal static class ApprovalLinkEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/" + ApprovalLinks.PathPrefix + "{token}", (string token, HttpContext http, ApprovalLinkGate gate, ApprovalLinks links, ILogger<ApprovalLinkGate> logger, CancellationToken cancellationToken) =>
            GuardAsync(http, logger, async () =>
            {
                var admission = await gate.AdmitAsync(http, token, "opened", cancellationToken).ConfigureAwait(false);
                return admission.Refusal ?? await FormAsync(http, links, admission, token, StatusCodes.Status200OK, null, null, cancellationToken).ConfigureAwait(false);
            })).ExcludeFromDescription();

        app.MapPost("/approve", (HttpContext http, ApprovalLinkGate gate, ApprovalLinks links, IUsedLinkStore usedLinks, RunEventHub hub, ILogger<ApprovalLinkGate> logger, CancellationToken cancellationToken) =>
            GuardAsync(http, logger, () => PostAsync(http, gate, links, usedLinks, hub, logger, cancellationToken))).ExcludeFromDescription();
    }

    /// <summary>
    /// Answers the engine's failures (audit key missing, data directory unusable) with a page, so they are not logged
    /// with the request path, which holds the token.
    /// </summary>
    private static async Task<IResult> GuardAsync(HttpContext http, ILogger logger, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (Core.AgentFlowException ex)
        {
            Log.LinkUnavailable(logger, ex.Message);
            return ApprovalLinkGate.Page(http, StatusCodes.Status503ServiceUnavailable, ApprovalPage.Message("Approvals are unavailable", "The server cannot check approval links right now; an administrator has the details in the server log.", "Try again later, or decide with agentflow approve / agentflow reject."));
        }
    }

    private static async Task<IResult> PostAsync(HttpContext http, ApprovalLinkGate gate, ApprovalLinks links, IUsedLinkStore usedLinks, RunEventHub hub, ILogger logger, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return ApprovalLinkGate.Page(http, StatusCodes.Status400BadRequest, ApprovalPage.Message("Nothing to decide", "Decisions are sent from the approval page.", "Open the link from your e-mail."));
        }

        var form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var token = form["token"].ToString();
        var admission = await gate.AdmitAsync(http, token, "posted", cancellationToken).ConfigureAwait(false);
        if (admission.Refusal is { } refusal)
        {
            return refusal;
        }

        var (link, op, wait, service) = (admission.Link!, admission.Operator!, admission.Wait!, admission.Service!);
        var crossSite = http.Request.Headers["Sec-Fetch-Site"].ToString() == "cross-site";
        if (crossSite || !await links.VerifyFormCheckAsync(token, form["page"], form["check"], cancellationToken).ConfigureAwait(false))
        {
            return (await gate.RefuseAsync(http, service, link, StatusCodes.Status403Forbidden, crossSite ? "posted from another site" : "posted without the approval page's form check", "posted", "This request was refused", "Decisions are only taken from the approval page this server showed for your link.", cancellationToken).ConfigureAwait(false)).Refusal!;
        }

        var approve = form["decision"].ToString() switch
        {
            "approve" => true,
            "reject" => false,
            _ => (bool?)null,
        };
        var (edits, error) = ApprovalForm.Read(form, wait.Show as JsonObject ?? []);
        if (approve is null || error is not null)
        {
            // Nothing is used up: the approver corrects the value and decides again.
            return await FormAsync(http, links, admission, token, StatusCodes.Status400BadRequest, ApprovalForm.Entered(form), error ?? "Choose Approve or Reject.", cancellationToken).ConfigureAwait(false);
        }

        if (await usedLinks.TryUseAsync(link, links.Now, cancellationToken).ConfigureAwait(false) is { } used)
        {
            return (await gate.UsedAsync(http, service, link, used, "posted", cancellationToken).ConfigureAwait(false)).Refusal!;
        }

        var comment = form["comment"].ToString() is { Length: > 0 } text ? text : null;
        var decision = await service.DecideAsync(link.RunId, link.Node, op, approve.Value, comment, edits, cancellationToken).ConfigureAwait(false);
        Log.LinkDecided(logger, op.Name, link.RunId, link.Node, link.Nonce, decision.Outcome);
        hub.Track(RunIds.Root(link.RunId));
        return decision.Outcome switch
        {
            DecisionOutcome.Accepted => ApprovalLinkGate.Page(http, StatusCodes.Status200OK, ApprovalPage.Message(approve.Value ? "Approved" : "Rejected", decision.Message + ".", "Thank you. You can close this page; the link no longer works.")),
            DecisionOutcome.Duplicate => ApprovalLinkGate.Page(http, StatusCodes.Status200OK, ApprovalPage.Message("Already decided", decision.Message + ".")),
            _ => ApprovalLinkGate.Page(http, StatusCodes.Status403Forbidden, ApprovalPage.Message("Your decision was refused", decision.Message + ".", "It has been recorded in the audit log.")),
        };
    }

    private static async Task<IResult> FormAsync(HttpContext http, ApprovalLinks links, LinkAdmission admission, string token, int status, IReadOnlyDictionary<string, string>? entered, string? error, CancellationToken cancellationToken)
    {
        var page = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var check = await links.FormCheckAsync(token, page, cancellationToken).ConfigureAwait(false);
        var html = ApprovalPage.Form(admission.Link!.RunId, admission.Operator!.Name, admission.Wait!, admission.Link.ExpiresAt, token, page, check, entered, error);
        return ApprovalLinkGate.Page(http, status, html);
    }
}
