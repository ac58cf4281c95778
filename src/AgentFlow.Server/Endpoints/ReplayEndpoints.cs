using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Replay;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Contracts;
using AgentFlow.Server.Events;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary><c>POST /api/runs/{id}/replay</c> (fork a finished run, what-if) and <c>GET /api/runs/{id}/diff</c>.</summary>
internal static class ReplayEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/runs").WithTags("Runs");
        group.MapPost("/{id}/replay", async (string id, HttpContext http, AgentFlowWorkerService worker, RunEventHub hub, AuditLog audit, CancellationToken cancellationToken) =>
        {
            // The body is optional: a replay with no change re-runs the model steps against the recorded effects.
            var request = http.Request.HasJsonContentType() ? await http.Request.ReadFromJsonAsync<ReplayRunRequest>(cancellationToken).ConfigureAwait(false) : null;
            ReplayStart start;
            try
            {
                start = await worker.Client.ReplayAsync(new ReplayRequest(id, request?.From, request?.Set ?? [], request?.Model), cancellationToken).ConfigureAwait(false);
            }
            catch (ReplayRefusedException ex)
            {
                return ex.Refusal switch
                {
                    ReplayRefusal.NotFound => ApiProblems.NotFound(ex.Message),
                    ReplayRefusal.NotReplayable => ApiProblems.Conflict(ex.Message),
                    _ => ApiProblems.BadRequest(ex.Message),
                };
            }

            var op = http.Operator();
            await audit.AppendAsync(new AuditEntry(AuditKinds.Run, start.RunId, Node: null, Operator: op.Name, Decision: "started", Reason: $"replay of run '{id}'"), cancellationToken).ConfigureAwait(false);
            hub.Track(start.RunId);
            return Results.Created($"/api/runs/{Uri.EscapeDataString(start.RunId)}", new { start.RunId, start.Workflow, start.Fork, start.Recorded, Diff = $"/api/runs/{Uri.EscapeDataString(start.RunId)}/diff" });
        }).RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Fork a finished run with changes ({\"from\", \"set\": [\"PATH=VALUE\"], \"model\"}): recorded tool calls, retrievals and approvals are reused, nothing is sent again; 201 with the fork's id.");

        group.MapGet("/{id}/diff", async (string id, string? with, AgentFlowWorkerService worker, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(await worker.Client.DiffAsync(id, with, cancellationToken).ConfigureAwait(false));
            }
            catch (ReplayRefusedException ex)
            {
                return ex.Refusal == ReplayRefusal.NotFound ? ApiProblems.NotFound(ex.Message) : ApiProblems.BadRequest(ex.Message);
            }
        }).RequireAuthorization(OperatorPolicies.Read)
            .WithSummary("Compare run {id} node visit by node visit (and by output) with run ?with= (default: the run a replay fork came from).");
    }
}
