using AgentFlow.Core.Model;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Contracts;
using AgentFlow.Server.Events;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary><c>/api/approvals</c> (what waits for a decision, at any depth) and deciding through <see cref="ApprovalService"/>.</summary>
internal static class ApprovalEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/approvals", async (bool? mine, HttpContext http, AgentFlowWorkerService worker, CancellationToken cancellationToken) =>
        {
            var me = http.Operator();
            // Running runs too: one branch may wait for a decision while another is still busy.
            var runs = await worker.Client.ListAsync(new RunQuery { Unfinished = true, Limit = 1000 }, cancellationToken).ConfigureAwait(false);
            var waiting = runs
                .SelectMany(r => (r.Progress?.Waiting ?? []).Where(w => w.Kind == WaitKind.Approval).Select(w => (Run: r, Wait: w)))
                .Select(x => (x.Run, x.Wait, CanDecide: Approver.AnyAdmits(x.Wait.Approvers ?? [], me.Name, me.Roles) && x.Wait.Votes?.Any(v => v.By == me.Name) != true))
                .Where(x => mine != true || x.CanDecide)
                .Select(x => new
                {
                    x.Run.RunId,
                    x.Run.Workflow,
                    x.Wait.Node,
                    x.Wait.Instance,
                    Approvers = (x.Wait.Approvers ?? []).Select(a => a.ToString()),
                    Quorum = x.Wait.Quorum ?? 1,
                    Votes = x.Wait.Votes ?? [],
                    Shown = x.Wait.Show,
                    Untrusted = x.Wait.Untrusted ?? [],
                    Deadline = x.Wait.Until,
                    x.Wait.Escalated,
                    x.CanDecide,
                });
            return Results.Ok(waiting.ToList());
        }).WithTags("Approvals").RequireAuthorization(OperatorPolicies.Read)
          .WithSummary("Approvals waiting for a decision in every run, sub-run and map item (untrusted: the shown keys whose values can carry third-party data); mine=true: those the caller may decide and has not.");

        api.MapPost("/runs/{id}/approvals/{node}", async (string id, string node, DecisionRequest request, HttpContext http, AgentFlowWorkerService worker, AuditLog audit, RunEventHub hub, CancellationToken cancellationToken) =>
        {
            if (request.Approve is not { } approve)
            {
                return ApiProblems.BadRequest("say what you decide: {\"approve\": true} or {\"approve\": false}, with an optional comment and values (edits of shown values)");
            }

            var service = new ApprovalService(worker.Client, audit);
            var decision = await service.DecideAsync(id, node, http.Operator(), approve, request.Comment, request.Values, cancellationToken).ConfigureAwait(false);
            if (decision.Outcome == DecisionOutcome.Refused)
            {
                return ApiProblems.Forbidden(decision.Message);
            }

            hub.Track(RunIds.Root(id));
            return Results.Ok(new { Outcome = decision.Outcome.ToString().ToLowerInvariant(), decision.Message });
        }).WithTags("Approvals").RequireAuthorization(OperatorPolicies.Act)
          .WithSummary("Approve or reject (with comment and typed edits) as the caller; refusals (not an approver, not waiting, bad edit) are audited and answered 403 with the reason.");
    }
}
