using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Contracts;
using AgentFlow.Server.Events;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Endpoints;

/// <summary><c>/api/effects</c>: the side-effect ledger, and settling an effect in doubt (as <c>agentflow effects resolve</c>).</summary>
internal static class EffectEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/effects").WithTags("Effects");
        group.MapGet("/", async (string? state, IEffectLedger ledger, CancellationToken cancellationToken) =>
        {
            LedgerState? filter = null;
            if (state is not null)
            {
                if (state is not ("started" or "completed"))
                {
                    return ApiProblems.BadRequest($"state '{state}' is unknown; use started (in doubt or running) or completed");
                }

                filter = Enum.Parse<LedgerState>(state, ignoreCase: true);
            }

            var entries = await ledger.ListAsync(filter, cancellationToken).ConfigureAwait(false);
            return Results.Ok(entries);
        }).RequireAuthorization(OperatorPolicies.Read).WithSummary("The side-effect ledger of medium- and high-risk tools.");

        // The key is RUN/NODE/ITERATION: send it URL-encoded (encodeURIComponent), so its slashes stay one segment.
        group.MapPost("/{key}/resolve", async (string key, ResolveEffectRequest request, HttpContext http, IEffectLedger ledger, AuditLog audit, AgentFlowWorkerService worker, RunEventHub hub, ILogger<ApiCategory> logger, CancellationToken cancellationToken) =>
        {
            var id = Uri.UnescapeDataString(key);
            if (request.Resolution is not ("done" or "repeat"))
            {
                return ApiProblems.BadRequest("give resolution \"done\" (the effect happened; optional result) or \"repeat\" (it did not; the run performs it again)");
            }

            var entry = await ledger.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return ApiProblems.NotFound($"no ledger entry '{id}'; GET /api/effects?state=started lists effects in doubt (send the key URL-encoded)");
            }

            if (entry.State != LedgerState.Started)
            {
                return ApiProblems.Conflict($"'{id}' is already completed; nothing to resolve");
            }

            var op = http.Operator();
            var repeat = request.Resolution == "repeat";
            await ledger.ResolveAsync(id, repeat ? LedgerResolution.Repeat : LedgerResolution.Done, repeat ? null : request.Result, op.Name, cancellationToken).ConfigureAwait(false);
            await audit.AppendAsync(new AuditEntry(Kind: AuditKinds.Effect, RunId: entry.RunId, Node: entry.Node, Operator: op.Name, Decision: request.Resolution, Reason: $"tool '{entry.Tool}' key {id}"), cancellationToken).ConfigureAwait(false);
            var delivered = await worker.Client.DeliverEffectResolutionAsync(entry.RunId, entry.Node, new EffectResolution(op.Name, repeat), cancellationToken).ConfigureAwait(false);
            hub.Track(RunIds.Root(entry.RunId));
            Log.EffectResolved(logger, op.Name, id, request.Resolution);
            return Results.Ok(new
            {
                Key = id,
                request.Resolution,
                RunId = RunIds.Root(entry.RunId),
                Delivered = delivered is not null,
                Message = delivered is null ? "the run does not wait on it now and reads the resolution when it retries the effect" : "the run continues",
            });
        }).RequireAuthorization(OperatorPolicies.Admin).WithSummary("Settle an effect in doubt as done (with its result) or to repeat; audited; the run continues.");
    }
}
