using AgentFlow.Core;
using AgentFlow.Engine.Approvals;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Problems;
using AgentFlow.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary>
/// <c>/api/triggers</c>: the triggers of the server's workflows folder with their state (what <c>agentflow triggers
/// list --format json</c> prints), and pause, resume and fire by hand (audited with the operator).
/// </summary>
internal static class TriggerEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/triggers").WithTags("Triggers");
        group.MapGet("/", async (TriggerHost host, CancellationToken cancellationToken) =>
            Results.Ok(new { Triggers = await host.ListAsync(cancellationToken).ConfigureAwait(false), host.Problems }))
            .RequireAuthorization(OperatorPolicies.Read)
            .WithSummary("Triggers of the workflows folder: kind, enabled, paused, next fire, last fire and its run's status, last error; invalid files as problems.");

        group.MapPost("/{workflow}/{trigger}/pause", (string workflow, string trigger, HttpContext http, TriggerHost host, CancellationToken cancellationToken) =>
            SetPausedAsync(host, $"{workflow}/{trigger}", pause: true, http.Operator().Name, cancellationToken))
            .RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Pause a trigger: it starts nothing until resumed (audited).");

        group.MapPost("/{workflow}/{trigger}/resume", (string workflow, string trigger, HttpContext http, TriggerHost host, CancellationToken cancellationToken) =>
            SetPausedAsync(host, $"{workflow}/{trigger}", pause: false, http.Operator().Name, cancellationToken))
            .RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Resume a paused trigger; ticks missed while paused are not caught up (audited).");

        group.MapPost("/{workflow}/{trigger}/fire", async (string workflow, string trigger, HttpContext http, TriggerHost host, AuditLog audit, CancellationToken cancellationToken) =>
        {
            var id = $"{workflow}/{trigger}";
            try
            {
                var fired = await host.FireNowAsync(id, cancellationToken).ConfigureAwait(false);
                if (fired.Started)
                {
                    await audit.AppendAsync(new AuditEntry(AuditKinds.Run, fired.RunId, Node: null, Operator: http.Operator().Name, Decision: "started", Reason: $"trigger '{id}' fired by hand"), cancellationToken).ConfigureAwait(false);
                }

                return Results.Accepted($"/api/runs/{Uri.EscapeDataString(fired.RunId)}", new { fired.RunId, fired.Started, Trigger = id });
            }
            catch (TriggerNotFoundException ex)
            {
                return ApiProblems.NotFound($"{ex.Message}; GET /api/triggers lists them");
            }
            catch (TriggerInputException ex)
            {
                return ApiProblems.BadRequest(ex.Message);
            }
            catch (AgentFlowException ex)
            {
                return ApiProblems.Conflict(ex.Message);
            }
        }).RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Fire a schedule trigger now (a manual tick); 202 with the run id. Webhook and IMAP triggers are not fired by hand (409).");
    }

    private static async Task<IResult> SetPausedAsync(TriggerHost host, string id, bool pause, string operatorName, CancellationToken cancellationToken)
    {
        try
        {
            var changed = pause
                ? await host.PauseAsync(id, operatorName, cancellationToken).ConfigureAwait(false)
                : await host.ResumeAsync(id, operatorName, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new { Trigger = id, Paused = pause, Changed = changed });
        }
        catch (TriggerNotFoundException ex)
        {
            return ApiProblems.NotFound($"{ex.Message}; GET /api/triggers lists them");
        }
    }
}
